namespace PromscaleLauncher.FakePromscale.Http;

/// <summary>
/// The snappy block format (what Prometheus remote write sends), decoded like <c>golang/snappy.Decode</c>:
/// a varint length, then literal and copy elements. Any inconsistency is <c>snappy: corrupt input</c>.
/// </summary>
internal static class SnappyBlockDecoder
{
    public const string CorruptInput = "snappy: corrupt input";

    private const int MaxDecodedLength = 64 << 20;

    public static byte[] Decode(ReadOnlySpan<byte> source)
    {
        var length = ReadUvarint(ref source);
        if (length > MaxDecodedLength)
        {
            throw new FormatException("snappy: decoded block is too large");
        }

        var output = new byte[length];
        var d = 0;
        while (source.Length > 0)
        {
            var tag = source[0];
            int copyLength;
            int offset;
            switch (tag & 0x03)
            {
                case 0:
                    var literalLength = tag >> 2;
                    var header = 1;
                    if (literalLength >= 60)
                    {
                        var extra = literalLength - 59;
                        if (source.Length < 1 + extra)
                        {
                            throw Corrupt();
                        }

                        literalLength = 0;
                        for (var i = 0; i < extra; i++)
                        {
                            literalLength |= source[1 + i] << (8 * i);
                        }

                        header += extra;
                    }

                    literalLength++;
                    if (literalLength <= 0 || source.Length < header + literalLength || d + literalLength > output.Length)
                    {
                        throw Corrupt();
                    }

                    source.Slice(header, literalLength).CopyTo(output.AsSpan(d));
                    d += literalLength;
                    source = source[(header + literalLength)..];
                    continue;
                case 1:
                    if (source.Length < 2)
                    {
                        throw Corrupt();
                    }

                    copyLength = 4 + ((tag >> 2) & 0x7);
                    offset = ((tag & 0xe0) << 3) | source[1];
                    source = source[2..];
                    break;
                case 2:
                    if (source.Length < 3)
                    {
                        throw Corrupt();
                    }

                    copyLength = 1 + (tag >> 2);
                    offset = source[1] | (source[2] << 8);
                    source = source[3..];
                    break;
                default:
                    if (source.Length < 5)
                    {
                        throw Corrupt();
                    }

                    copyLength = 1 + (tag >> 2);
                    offset = source[1] | (source[2] << 8) | (source[3] << 16) | (source[4] << 24);
                    source = source[5..];
                    break;
            }

            if (offset <= 0 || d < offset || copyLength > output.Length - d)
            {
                throw Corrupt();
            }

            // Overlapping copies are the run-length case: copy byte by byte.
            for (var end = d + copyLength; d < end; d++)
            {
                output[d] = output[d - offset];
            }
        }

        if (d != output.Length)
        {
            throw Corrupt();
        }

        return output;
    }

    private static int ReadUvarint(ref ReadOnlySpan<byte> source)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (source.Length == 0)
            {
                throw Corrupt();
            }

            var b = source[0];
            source = source[1..];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value > int.MaxValue ? throw Corrupt() : (int)value;
            }
        }

        throw Corrupt();
    }

    private static FormatException Corrupt() => new(CorruptInput);
}
