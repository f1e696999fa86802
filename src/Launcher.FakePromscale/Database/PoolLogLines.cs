using System.Globalization;
using PromscaleLauncher.FakePromscale.Flags;
using PromscaleLauncher.FakePromscale.Logging;

namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>The connection-string and pool lines of <c>pgclient.NewClient</c> (docs/promscale.md §2.2, §4.1).</summary>
internal sealed class PoolLogLines(PromscaleSettings settings, PromscaleLogger log)
{
    public void Write(PoolPlan plan)
    {
        var masked = PgxConnectionConfig.MaskPassword(ConnectionString.For(settings));
        if (plan.SinglePool)
        {
            // 0.10–0.12: msg=postgresql://… numCopiers=… pool_max_conns=… pool_min_conns=… statement_cache="512 statements"
            log.Info(
                "client.go:104",
                ("msg", masked),
                ("numCopiers", Text(plan.Copiers)),
                ("pool_max_conns", Text(plan.Writer!.Maximum)),
                ("pool_min_conns", Text(plan.Writer.Minimum)),
                ("statement_cache", "512 statements"));
            return;
        }

        log.Info("client.go:126", ("msg", masked));
        var fields = new List<LogField> { ("msg", "runtime") };
        if (plan.Writer is { } writer)
        {
            fields.Add(("writer-pool.size", Text(writer.Maximum)));
        }

        fields.Add(("reader-pool.size", Text(plan.Reader!.Maximum)));
        if (plan.Maintenance is { } maintenance)
        {
            fields.Add(("maint-pool.size", Text(maintenance.Maximum)));
        }

        fields.Add(("min-pool.connections", Text(plan.Reader.Minimum)));
        fields.Add(("num-copiers", Text(plan.Copiers)));
        fields.Add(("statement-cache", "512"));
        log.Info("client.go:127", [.. fields]);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
