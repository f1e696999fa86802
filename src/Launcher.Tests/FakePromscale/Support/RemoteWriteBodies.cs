using System.Text;

namespace PromscaleLauncher.Tests.FakePromscale.Support;

/// <summary>Builds Prometheus remote-write bodies: a protobuf <c>WriteRequest</c>, snappy-framed with literals only.</summary>
internal static class RemoteWriteBodies
{
    /// <summary>One series <c>{__name__="up",job="test"}</c> with <paramref name="samples"/> samples.</summary>
    public static byte[] WriteRequest(int samples)
    {
        var series = new List<byte>();
        series.AddRange(Field(1, Label("__name__", "up")));
        series.AddRange(Field(1, Label("job", "test")));
        for (var i = 0; i < samples; i++)
        {
            var sample = new List<byte> { 0x09 };
            sample.AddRange(BitConverter.GetBytes(1.0 + i));
            sample.Add(0x10);
            sample.AddRange(Varint((ulong)(1_700_000_000_000 + (i * 1000))));
            series.AddRange(Field(2, [.. sample]));
        }

        return Field(1, [.. series]);
    }

    /// <summary>Snappy block format with literal elements only (valid for any decoder).</summary>
    public static byte[] Snappy(byte[] data)
    {
        var output = new List<byte>(Varint((ulong)data.Length));
        for (var offset = 0; offset < data.Length; offset += 60)
        {
            var length = Math.Min(60, data.Length - offset);
            output.Add((byte)((length - 1) << 2));
            output.AddRange(data.AsSpan(offset, length).ToArray());
        }

        return [.. output];
    }

    private static byte[] Label(string name, string value) => [.. Field(1, Encoding.UTF8.GetBytes(name)), .. Field(2, Encoding.UTF8.GetBytes(value))];

    private static byte[] Field(int number, byte[] payload) => [.. Varint((ulong)((number << 3) | 2)), .. Varint((ulong)payload.Length), .. payload];

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }
}
