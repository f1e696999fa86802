using System.Globalization;
using PromscaleLauncher.FakePromscale.Flags;
using PromscaleLauncher.FakePromscale.Logging;

namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>
/// Pool sizing of 0.10 and 0.17, with the same warnings and fatal texts (docs/promscale.md §2.2). Pure: the database facts
/// (<c>max_connections</c>, CPU counts) are passed in.
/// </summary>
internal sealed class ConnectionBudget(PromscaleSettings settings, PromscaleLogger log)
{
    private const string Caller = "config.go:182";
    private const int MinimumPoolConnections = 2;

    /// <summary>0.17: writer + reader + maintenance pools (<c>GetPoolSizes</c>).</summary>
    public PoolPlan ForWriterReaderMaintenance(int maxConnections, int databaseCpus)
    {
        var m = maxConnections;
        var cap = settings.ConnectionsMax == -1 ? (int)(0.8 * m) : settings.ConnectionsMax;
        if (cap > m)
        {
            log.Warn(Caller, ("msg", "configured db.connections-max is greater then postgres max_connections"), ("connections-max", Text(cap)), ("max_connections", Text(m)));
        }

        var writer = settings.WriterPoolSize > 0 ? settings.WriterPoolSize : (int)(0.5 * m);
        var reader = settings.ReaderPoolSize > 0 ? settings.ReaderPoolSize : (int)(0.3 * m);
        var maint = settings.MaintPoolSize;
        if (settings.ReaderPoolSize <= 0 && reader + writer + maint > cap)
        {
            reader -= maint;
        }

        if (maint < MinimumPoolConnections)
        {
            throw Fatal($"maintenance pool size canot be less than 2: received {maint}");
        }

        if (writer < MinimumPoolConnections)
        {
            throw Fatal($"writer pool size canot be less than 2: received {writer}");
        }

        if (reader < MinimumPoolConnections)
        {
            throw Fatal($"reader pool size canot be less than 2: received {reader}");
        }

        var sum = reader + writer + maint;
        if (sum > m)
        {
            throw Fatal($"reader-pool (size={reader}) + writer-pool (size={writer}) + maint-pool (size={maint}) more than postgres max_connections ({m}). Decrease the pool-sizes");
        }

        if (sum > cap)
        {
            throw Fatal($"reader-pool (size={reader}) + writer-pool (size={writer}) + maint-pool (size={maint}) more than db.connections-max ({cap}). Increase the db.connections-max or decrease the pool-sizes");
        }

        var copiers = Copiers(writer, databaseCpus);
        return new PoolPlan(
            new PoolSize(maint, MinimumPoolConnections),
            new PoolSize(writer, MinimumPoolConnections),
            new PoolSize(reader, MinimumPoolConnections),
            copiers,
            SinglePool: false);
    }

    /// <summary>0.10: one pool (<c>GetNumConnections</c>); <paramref name="maxConnections"/> is only probed when the flag is unset.</summary>
    public PoolPlan ForSinglePool(int? maxConnections, int procs)
    {
        if (settings.WriterConnectionsSetting < 1)
        {
            throw new StartupFailure($"client creation error: invalid number of connections-per-proc {settings.WriterConnectionsSetting}, must be at least 1");
        }

        var max = settings.ConnectionsMax;
        if (max < 1)
        {
            max = maxConnections ?? 100;

            if (max <= 1)
            {
                log.Warn(Caller, ("msg", "database can only handle 1 connection"));
                return new PoolPlan(null, new PoolSize(1, 1), null, 1, SinglePool: true);
            }

            max = Math.Min((int)(0.8 * max), 100);
        }

        if (max <= procs)
        {
            log.Warn(Caller, ("msg", $"database can only handle {max} connection; connector has {procs} procs"));
            return new PoolPlan(null, new PoolSize(max, 1), null, max / 2, SinglePool: true);
        }

        var copiers = settings.WriterConnectionsSetting * procs;
        if (copiers > max - procs)
        {
            log.Warn(Caller, ("msg", $"had to reduce the number of copiers due to connection limits: wanted {copiers}, reduced to {max / 2}"));
            copiers = max - procs;
        }

        return new PoolPlan(null, new PoolSize(max, procs), null, copiers, SinglePool: true);
    }

    /// <summary>Copiers: the flag, else the database host's CPU count; halved with a warning when ≥ the writer pool.</summary>
    private int Copiers(int writer, int databaseCpus)
    {
        var copiers = settings.WriterConnectionsSetting > 0 ? settings.WriterConnectionsSetting : databaseCpus;
        if (copiers >= writer)
        {
            var reduced = Math.Max(1, copiers / 2);
            log.Warn(Caller, ("msg", $"num-writers ({copiers}) is greater than or equal to writer-pool size ({writer}), reducing num-writers to {reduced}"));
            copiers = reduced;
        }

        return copiers;
    }

    private static StartupFailure Fatal(string reason) => new($"client creation error: {reason}");

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
