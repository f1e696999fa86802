using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace PromscaleLauncher.Tests.Support.Receivers;

/// <summary>
/// Debian's victoria-metrics (single node) with a 100-year retention (its maximum), so that any test sample is accepted,
/// and optionally basic auth (-httpAuth.*). Read back through /api/v1/export, which returns every stored sample raw.
/// </summary>
public sealed class VictoriaMetricsReceiver : ReceiverProcess
{
    public const string BinaryPath = "/usr/bin/victoria-metrics";
    private readonly (string User, string Password)? _auth;

    private VictoriaMetricsReceiver(string binary, (string User, string Password)? auth)
        : base(binary, (port, data) => Arguments(port, data, auth)) => _auth = auth;

    public override string WriteUrl => $"http://127.0.0.1:{Port}/api/v1/write";

    public static async Task<VictoriaMetricsReceiver?> StartAsync((string User, string Password)? auth = null)
    {
        if (Find(BinaryPath, "victoria-metrics") is not { } binary)
        {
            return null;
        }
        var receiver = new VictoriaMetricsReceiver(binary, auth);
        if (auth is { } credentials)
        {
            receiver.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.User}:{credentials.Password}")));
        }
        await receiver.WaitUntilReadyAsync("health");
        return receiver;
    }

    private static IEnumerable<string> Arguments(int port, string data, (string User, string Password)? auth)
    {
        yield return $"-storageDataPath={data}";
        yield return $"-httpListenAddr=127.0.0.1:{port}";
        yield return "-retentionPeriod=100y";
        // Samples are searchable right away, not 30 s later (the default hides the newest ones from queries).
        yield return "-search.latencyOffset=0s";
        yield return "-search.disableCache";
        if (auth is { } credentials)
        {
            yield return $"-httpAuth.username={credentials.User}";
            yield return $"-httpAuth.password={credentials.Password}";
        }
    }

    /// <summary>Every stored sample of the metrics, after making VictoriaMetrics flush its in-memory buffers.</summary>
    public async Task<List<ReceivedSample>> ExportAsync(IEnumerable<string> metrics)
    {
        using (var flush = await Http.GetAsync("internal/force_flush"))
        {
            Assert.True(flush.IsSuccessStatusCode, $"force_flush: {(int)flush.StatusCode}");
        }
        var samples = new List<ReceivedSample>();
        foreach (var metric in metrics)
        {
            var url = "api/v1/export?match[]=" + Uri.EscapeDataString($"{{__name__=\"{metric}\"}}") + "&start=0";
            var body = await Http.GetStringAsync(url);
            foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using var json = JsonDocument.Parse(line);
                var labels = json.RootElement.GetProperty("metric").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!));
                var series = ReceivedSample.Render(labels);
                var values = json.RootElement.GetProperty("values").EnumerateArray().ToList();
                var timestamps = json.RootElement.GetProperty("timestamps").EnumerateArray().ToList();
                for (var i = 0; i < values.Count; i++)
                {
                    // JSON has no NaN: VictoriaMetrics writes a stored NaN (the stale marker) as null.
                    var value = values[i].ValueKind switch
                    {
                        JsonValueKind.Number => values[i].GetDouble(),
                        JsonValueKind.Null => double.NaN,
                        _ => double.Parse(values[i].GetString()!, CultureInfo.InvariantCulture),
                    };
                    samples.Add(new ReceivedSample(series, timestamps[i].GetInt64(), value));
                }
            }
        }
        return samples;
    }
}
