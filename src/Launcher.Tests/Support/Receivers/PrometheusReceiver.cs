using System.Globalization;
using System.Text.Json;

namespace PromscaleLauncher.Tests.Support.Receivers;

/// <summary>
/// Debian's prometheus as a remote-write receiver (--web.enable-remote-write-receiver) with a 10-year retention and
/// out-of-order window, so that history older than its head is accepted. No scrape jobs. Read back with a range selector
/// through /api/v1/query (the API returns no stale markers: Prometheus stores them, and queries skip them).
/// </summary>
public sealed class PrometheusReceiver : ReceiverProcess
{
    public const string BinaryPath = "/usr/bin/prometheus";

    private PrometheusReceiver(string binary, bool acceptOldSamples) : base(binary, (port, data) => Arguments(port, data, acceptOldSamples))
    {
    }

    public override string WriteUrl => $"http://127.0.0.1:{Port}/api/v1/write";

    /// <param name="acceptOldSamples">false: Prometheus' defaults (no out-of-order window), which refuse history.</param>
    public static async Task<PrometheusReceiver?> StartAsync(bool acceptOldSamples = true)
    {
        if (Find(BinaryPath, "prometheus") is not { } binary)
        {
            return null;
        }
        var receiver = new PrometheusReceiver(binary, acceptOldSamples);
        await receiver.WaitUntilReadyAsync("-/ready");
        return receiver;
    }

    private static IEnumerable<string> Arguments(int port, string data, bool acceptOldSamples)
    {
        var config = Path.Combine(data, "prometheus.yml");
        File.WriteAllText(config, acceptOldSamples ? "global: {}\nstorage:\n  tsdb:\n    out_of_order_time_window: 3650d\n" : "global: {}\n");
        yield return $"--config.file={config}";
        yield return $"--storage.tsdb.path={Path.Combine(data, "tsdb")}";
        yield return $"--web.listen-address=127.0.0.1:{port}";
        yield return "--web.enable-remote-write-receiver";
        yield return "--storage.tsdb.retention.time=3650d";
    }

    /// <summary>Every sample (stale markers excepted) of the metrics in the last <paramref name="range"/>.</summary>
    public async Task<List<ReceivedSample>> QueryAsync(IEnumerable<string> metrics, TimeSpan range)
    {
        var samples = new List<ReceivedSample>();
        foreach (var metric in metrics)
        {
            var query = $"{{__name__=\"{metric}\"}}[{(long)range.TotalSeconds}s]";
            var body = await Http.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString(query));
            using var json = JsonDocument.Parse(body);
            foreach (var series in json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
            {
                var labels = series.GetProperty("metric").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!));
                var rendered = ReceivedSample.Render(labels);
                foreach (var point in series.GetProperty("values").EnumerateArray())
                {
                    var ms = (long)Math.Round(point[0].GetDouble() * 1000);
                    samples.Add(new ReceivedSample(rendered, ms, double.Parse(point[1].GetString()!, CultureInfo.InvariantCulture)));
                }
            }
        }
        return samples;
    }
}
