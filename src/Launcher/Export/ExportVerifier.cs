using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using LauncherLog = PromscaleLauncher.Logging.Log;

namespace PromscaleLauncher.Export;

/// <summary>
/// --verify: per metric and window, the database's count of samples against the receiver's
/// <c>sum(count_over_time({__name__="m"}[w]))</c>. What is compared (docs/export.md, "Verify"):
/// <list type="bullet">
/// <item>stale markers are not counted: receivers keep them but count_over_time skips them (Prometheus and VictoriaMetrics);</item>
/// <item>the query runs at the window's end − 1 ms with a range of the window − 1 ms: Prometheus 2.x ranges are closed
/// ([start, end − 1 ms], exactly the window), VictoriaMetrics' and Prometheus 3's are open on the left, which leaves out
/// the samples at exactly the window's start: both counts are accepted, and the database says how many those are.</item>
/// </list>
/// </summary>
internal sealed class ExportVerifier(HttpClient http, ExportTarget target, NpgsqlDataSource dataSource, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>How long a window's count may lag behind what was acknowledged before it is a difference.</summary>
    public static readonly TimeSpan SearchableDelay = TimeSpan.FromSeconds(15);

    public async Task<int> VerifyAsync(IReadOnlyList<ExportWindow> windows, CancellationToken cancellationToken)
    {
        var mismatches = 0;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var window in windows)
        {
            var (expected, atStart) = await CountAsync(connection, window, cancellationToken);
            var range = window.End - window.Start - TimeSpan.FromMilliseconds(1);
            var query = $"sum(count_over_time({{__name__=\"{Escape(window.Metric.Name)}\"}}[{(long)range.TotalMilliseconds}ms]))";
            var at = (window.End - TimeSpan.FromMilliseconds(1)).ToUnixTimeMilliseconds() / 1000m;
            var received = await QueryAsync(query, at, cancellationToken);
            // Receivers make new samples searchable after a short delay (VictoriaMetrics buffers them for about a
            // second): a difference is asked again, for a bounded time, before it counts.
            var asked = timeProvider.GetTimestamp();
            while (received != expected && received != expected - atStart && timeProvider.GetElapsedTime(asked) < SearchableDelay)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), timeProvider, cancellationToken);
                received = await QueryAsync(query, at, cancellationToken);
            }
            if (received != expected && received != expected - atStart)
            {
                mismatches++;
                LauncherLog.ExportVerifyMismatch(logger, window.Metric.Name, window.StartText, window.EndText, expected, received,
                    $"{query} at {at.ToString(CultureInfo.InvariantCulture)}");
            }
        }
        LauncherLog.ExportVerifyDone(logger, windows.Count, windows.Select(w => w.Metric.Name).Distinct().Count(), target.QueryBase + "api/v1/query", mismatches);
        return mismatches;
    }

    /// <summary>The window's samples without stale markers, and how many of them are at exactly its start.</summary>
    private static async Task<(long All, long AtStart)> CountAsync(NpgsqlConnection connection, ExportWindow window, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT count(*), count(*) FILTER (WHERE time = @start)
            FROM prom_data.{SqlNames.Quote(window.Metric.Table)}
            WHERE time >= @start AND time < @end AND float8send(value) <> '\x7ff0000000000002'::bytea
            """, connection);
        command.Parameters.AddWithValue("start", window.Start.UtcDateTime);
        command.Parameters.AddWithValue("end", window.End.UtcDateTime);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private async Task<long> QueryAsync(string query, decimal at, CancellationToken cancellationToken)
    {
        // nocache=1: VictoriaMetrics would otherwise answer from its rollup cache, filled before the samples arrived.
        var url = new Uri(target.QueryBase, "api/v1/query?nocache=1&query=" + Uri.EscapeDataString(query) + "&time=" + at.ToString(CultureInfo.InvariantCulture));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = target.Credentials.Header;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new ReceiverFailure(ReceiverFailureKind.Rejected, (int)response.StatusCode, body.Length > 500 ? body[..500] : body, 1, TimeSpan.Zero);
        }
        using var json = JsonDocument.Parse(body);
        var result = json.RootElement.GetProperty("data").GetProperty("result");
        if (result.GetArrayLength() == 0)
        {
            return 0;
        }
        var value = result[0].GetProperty("value")[1].GetString();
        return (long)double.Parse(value!, CultureInfo.InvariantCulture);
    }

    private static string Escape(string name) => name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
