namespace PromscaleLauncher.FakePromscale.Http;

/// <summary>
/// A structural check of a <c>prometheus.WriteRequest</c> protobuf: every field well-formed, time series with
/// labels and samples of the right wire types. Returns the number of samples; errors are gogo-protobuf-like.
/// </summary>
internal static class RemoteWriteRequestReader
{
    private const int Varint = 0;
    private const int Fixed64 = 1;
    private const int LengthDelimited = 2;
    private const int Fixed32 = 5;

    public static int CountSamples(ReadOnlySpan<byte> message)
    {
        var samples = 0;
        while (message.Length > 0)
        {
            var (field, wireType) = ReadTag(ref message);
            if (field == 1)
            {
                Expect(wireType, LengthDelimited, field, "WriteRequest");
                samples += CountTimeSeriesSamples(ReadLengthDelimited(ref message));
            }
            else
            {
                Skip(ref message, wireType);
            }
        }

        return samples;
    }

    private static int CountTimeSeriesSamples(ReadOnlySpan<byte> series)
    {
        var samples = 0;
        while (series.Length > 0)
        {
            var (field, wireType) = ReadTag(ref series);
            switch (field)
            {
                case 1:
                    Expect(wireType, LengthDelimited, field, "TimeSeries");
                    CheckLabel(ReadLengthDelimited(ref series));
                    break;
                case 2:
                    Expect(wireType, LengthDelimited, field, "TimeSeries");
                    CheckSample(ReadLengthDelimited(ref series));
                    samples++;
                    break;
                default:
                    Skip(ref series, wireType);
                    break;
            }
        }

        return samples;
    }

    private static void CheckLabel(ReadOnlySpan<byte> label)
    {
        while (label.Length > 0)
        {
            var (field, wireType) = ReadTag(ref label);
            if (field is 1 or 2)
            {
                Expect(wireType, LengthDelimited, field, "Label");
                _ = ReadLengthDelimited(ref label);
            }
            else
            {
                Skip(ref label, wireType);
            }
        }
    }

    private static void CheckSample(ReadOnlySpan<byte> sample)
    {
        while (sample.Length > 0)
        {
            var (field, wireType) = ReadTag(ref sample);
            switch (field)
            {
                case 1:
                    Expect(wireType, Fixed64, field, "Sample");
                    Skip(ref sample, wireType);
                    break;
                case 2:
                    Expect(wireType, Varint, field, "Sample");
                    Skip(ref sample, wireType);
                    break;
                default:
                    Skip(ref sample, wireType);
                    break;
            }
        }
    }

    private static void Expect(int wireType, int expected, int field, string message)
    {
        if (wireType != expected)
        {
            throw new FormatException($"proto: wrong wireType = {wireType} for field {field} of {message}");
        }
    }

    private static (int Field, int WireType) ReadTag(ref ReadOnlySpan<byte> data)
    {
        var tag = ReadVarint(ref data);
        var field = (int)(tag >> 3);
        if (field <= 0)
        {
            throw new FormatException($"proto: illegal tag {field} (wire type {tag & 7})");
        }

        return (field, (int)(tag & 7));
    }

    private static ReadOnlySpan<byte> ReadLengthDelimited(ref ReadOnlySpan<byte> data)
    {
        var length = ReadVarint(ref data);
        if (length > (ulong)data.Length)
        {
            throw new FormatException("unexpected EOF");
        }

        var value = data[..(int)length];
        data = data[(int)length..];
        return value;
    }

    private static void Skip(ref ReadOnlySpan<byte> data, int wireType)
    {
        switch (wireType)
        {
            case Varint:
                _ = ReadVarint(ref data);
                break;
            case Fixed64:
                data = data.Length >= 8 ? data[8..] : throw new FormatException("unexpected EOF");
                break;
            case LengthDelimited:
                _ = ReadLengthDelimited(ref data);
                break;
            case Fixed32:
                data = data.Length >= 4 ? data[4..] : throw new FormatException("unexpected EOF");
                break;
            default:
                throw new FormatException($"proto: illegal wireType {wireType}");
        }
    }

    private static ulong ReadVarint(ref ReadOnlySpan<byte> data)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (data.Length == 0)
            {
                throw new FormatException("unexpected EOF");
            }

            var b = data[0];
            data = data[1..];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException("proto: integer overflow");
    }
}
