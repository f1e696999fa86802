namespace PromscaleLauncher.Tests.Support.Receivers;

/// <summary>One sample as a receiver returns it: its series' labels rendered as {a="1",b="2"} (sorted), time in ms, value bits.</summary>
public sealed record ReceivedSample(string Series, long TimestampMs, double Value)
{
    public static string Render(IEnumerable<KeyValuePair<string, string>> labels) =>
        "{" + string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";
}
