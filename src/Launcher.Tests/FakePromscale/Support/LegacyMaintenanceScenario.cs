using Npgsql;
using PromscaleLauncher.Tests.Support.Postgres;

namespace PromscaleLauncher.Tests.FakePromscale.Support;

/// <summary>
/// The path issue 11 makes work (docs/promscale.md §10.1–10.2), once 0.10.0's schema is installed and TimescaleDB then
/// created: a new metric is a hypertable, the trace tables stay plain, and <c>execute_maintenance</c> drops the
/// chunks older than the metric's retention, warning three times about the trace tables.
/// </summary>
internal static class LegacyMaintenanceScenario
{
    public static async Task RunAsync(NpgsqlConnection connection)
    {
        var metric = await PromscaleSchema.CreateMetricAsync(connection, "http_requests_total");
        Assert.Equal(["prom_data.http_requests_total"], await PromscaleSchema.HypertablesAsync(connection));

        // 8-hour chunks: the two samples land in two chunks; the older one lies wholly beyond a one-day retention.
        await PromscaleSchema.InsertSamplesAsync(connection, metric, TimeSpan.FromDays(3), TimeSpan.FromHours(1));
        await SqlQueries.ExecuteAsync(connection, "SELECT prom_api.set_metric_retention_period('http_requests_total', interval '1 day')");
        Assert.Equal(2, await PromscaleSchema.ChunksAsync(connection, metric));

        var warnings = await PromscaleSchema.ExecuteMaintenanceAsync(connection);

        Assert.Equal(1, await PromscaleSchema.ChunksAsync(connection, metric));
        var (rows, oldest) = await PromscaleSchema.SamplesAsync(connection, metric);
        Assert.Equal(1, rows);
        Assert.True(oldest < TimeSpan.FromDays(1));
        // TimescaleDB >= 2.12 warns about its deprecated helpers the procedure reads chunk ranges with.
        Assert.Contains(warnings, w => w.StartsWith("function _timescaledb_internal.", StringComparison.Ordinal) && w.Contains("is deprecated", StringComparison.Ordinal));
        AssertTraceWarnings(warnings.Where(w => !w.StartsWith("function _timescaledb_internal.", StringComparison.Ordinal)).ToList());

        // Once more with the deprecation warnings off, as a caller should: only the trace tables' three remain.
        await PromscaleSchema.InsertSamplesAsync(connection, metric, TimeSpan.FromDays(2));
        await SqlQueries.ExecuteAsync(connection, "SET timescaledb.enable_deprecation_warnings = off");

        warnings = await PromscaleSchema.ExecuteMaintenanceAsync(connection);

        Assert.Equal(1, await PromscaleSchema.ChunksAsync(connection, metric));
        AssertTraceWarnings(warnings);
    }

    /// <summary>One per trace table, in the procedure's order: they stayed plain tables (§10.1).</summary>
    private static void AssertTraceWarnings(List<string> warnings)
    {
        Assert.Equal(3, warnings.Count);
        foreach (var (warning, table) in warnings.Zip(["link", "event", "span"]))
        {
            Assert.StartsWith($"promscale maintenance: data retention: tracing: failed to delete {table} data. ", warning);
            Assert.Contains("is not a hypertable or a continuous aggregate", warning);
        }
    }
}
