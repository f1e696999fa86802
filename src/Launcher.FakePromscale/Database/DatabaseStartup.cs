using System.Globalization;
using Npgsql;
using PromscaleLauncher.FakePromscale.Flags;
using PromscaleLauncher.FakePromscale.Logging;
using PromscaleLauncher.FakePromscale.Versions;

namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>
/// <c>runner.CreateClient</c> against a real PostgreSQL (docs/promscale.md §3.1, §3.2, §3.7): TimescaleDB step, lease
/// connection, migration under the advisory lock, shared lease, version checks, background workers, pools.
/// Every step uses real connections so connection counts, locks and 53300 failures are real.
/// </summary>
internal sealed class DatabaseStartup(PromscaleVersion version, PromscaleSettings settings, PgConnector connector, PromscaleLogger log)
{
    private const string LockFailedMessage = "Unable to run migrations; failed to acquire the lock. If the database is on an incorrect version, ensure there are no other connectors running and try again.";

    /// <summary>The client, or null when <c>-migrate=only</c> / <c>startup.only</c> (0.11+) finished after the migration.</summary>
    public async Task<PromscaleClient?> RunAsync(CancellationToken cancellationToken)
    {
        if (settings.InstallExtensions)
        {
            await new TimescaleDbInstaller(version, settings, connector, log).RunAsync(cancellationToken);
        }

        NpgsqlConnection lease;
        try
        {
            lease = await connector.OpenAsync(cancellationToken);
        }
        catch (PgxException ex)
        {
            throw new StartupFailure((settings.Migrate ? "migration error: " : "Dependency checking error while trying to open DB connection: ") + ex.Message);
        }

        // The lease connection is kept until the pools exist (docs/promscale.md §3.7).
        await using (lease)
        {
            var migrationLockFailed = true;
            if (settings.Migrate)
            {
                migrationLockFailed = !await MigrateAsync(lease, cancellationToken);
                if (settings.StopAfterMigrate)
                {
                    if (migrationLockFailed)
                    {
                        throw new StartupFailure(SchemaVersionLock.MigrationLockError);
                    }

                    log.Info("client.go:89", ("msg", "Migration successful, exiting"));
                    return null;
                }
            }
            else
            {
                log.Info("client.go:95", ("msg", "Skipping migration"));
            }

            if (settings.UseSchemaVersionLease)
            {
                if (!await Query(() => SchemaVersionLock.TrySharedAsync(lease, cancellationToken), "could not acquire schema version lease due to: "))
                {
                    throw new StartupFailure(SchemaVersionLock.LeaseError);
                }
            }
            else
            {
                log.Warn("client.go:108", ("msg", "skipping schema version lease"));
            }

            await CheckDependenciesAsync(lease, migrationLockFailed, cancellationToken);
            if (settings.InstallExtensions)
            {
                await CheckBackgroundWorkersAsync(lease, cancellationToken);
            }

            await WarnIfApacheLicenseAsync(lease, cancellationToken);
            log.Info("client.go:147", ("msg", "Prometheus HA is not enabled"));
            return await CreateClientAsync(cancellationToken);
        }
    }

    private async Task<bool> MigrateAsync(NpgsqlConnection lease, CancellationToken cancellationToken)
    {
        var locked = false;
        if (settings.UseSchemaVersionLease)
        {
            // Never waits: a failed try is silent and start-up goes on as if not migrating (docs/promscale.md §3.1 step 4).
            locked = await Query(() => SchemaVersionLock.TryExclusiveAsync(lease, cancellationToken), "migration error: error while acquiring migration lock ");
            if (!locked)
            {
                return false;
            }
        }
        else
        {
            log.Warn("client.go:200", ("msg", "skipping migration lock"));
        }

        try
        {
            if (version.IsLegacy)
            {
                await new LegacySchemaMigration(version, settings, log).RunAsync(lease, cancellationToken);
            }
            else
            {
                await new PromscaleExtensionMigration(version, settings, log).RunAsync(lease, cancellationToken);
            }
        }
        catch (PgxException ex)
        {
            throw new StartupFailure("migration error: " + ex.Message);
        }
        finally
        {
            if (locked)
            {
                try
                {
                    await SchemaVersionLock.UnlockExclusiveAsync(lease, CancellationToken.None);
                }
                catch (PgxException ex)
                {
                    log.Error("client.go:215", ("msg", "error while releasing migration lock"), ("err", ex.Message));
                }
            }
        }

        return true;
    }

    private async Task CheckDependenciesAsync(NpgsqlConnection lease, bool migrationLockFailed, CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                await new DependencyCheck(version, log).RunAsync(lease, migrationLockFailed, settings.Migrate, cancellationToken);
            }
            catch (PgxException ex)
            {
                throw new StartupFailure("dependency error: " + ex.Message);
            }
        }
        catch (StartupFailure failure) when (migrationLockFailed)
        {
            log.Error("client.go:123", ("msg", LockFailedMessage), ("err", failure.Message));
            throw;
        }
    }

    private async Task CheckBackgroundWorkersAsync(NpgsqlConnection lease, CancellationToken cancellationToken)
    {
        const string Context = "Error checking the number of background workers: ";
        var text = await Query(() => lease.ScalarAsync<string>("SHOW timescaledb.max_background_workers", cancellationToken), Context + "Unable to fetch timescaledb.max_background_workers: ");
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var workers))
        {
            throw new StartupFailure($"{Context}maxBGw string conversion: strconv.Atoi: parsing {GoSyntax.Quote(text ?? string.Empty)}: invalid syntax");
        }

        var databases = await Query(() => lease.ScalarAsync<long>("SELECT count(*) from pg_catalog.pg_database", cancellationToken), Context + "Unable to fetch count of all databases: ");
        if (workers < databases + 2)
        {
            log.Warn("client.go:132", ("msg", "Maximum background worker setting is too low for the number of databases in your system. Please increase your timescaledb.max_background_workers setting. See https://docs.timescale.com/latest/getting-started/configuring#workers for more information."));
        }
    }

    private async Task WarnIfApacheLicenseAsync(NpgsqlConnection lease, CancellationToken cancellationToken)
    {
        var license = await Query(
            () => lease.ScalarAsync<string>("SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN current_setting('timescaledb.license', true) END", cancellationToken),
            "fetching license information: ");
        if (license == "apache")
        {
            log.Warn("client.go:142", ("msg", "WARNING: Using the Apache2 version of TimescaleDB. This version does not include compression and thus performance and disk usage will be significantly negatively effected."));
        }
    }

    private async Task<PromscaleClient> CreateClientAsync(CancellationToken cancellationToken)
    {
        // 0.10: one pool whose minimum is GOMAXPROCS; 0.17: maintenance, writer and reader pools (docs/promscale.md §2.2).
        var budget = new ConnectionBudget(settings, log);
        PoolPlan plan;
        if (version.IsLegacy)
        {
            var maxConnections = settings.ConnectionsMax < 1 ? await ProbeShowMaxConnectionsAsync(cancellationToken) : (int?)null;
            plan = budget.ForSinglePool(maxConnections, AutomaxprocsBanner.EffectiveGoMaxProcs());
        }
        else
        {
            var maxConnections = await ProbeAsync(c => c.ScalarAsync<int>("SELECT current_setting('max_connections')::int", cancellationToken), cancellationToken);
            var cpus = settings.WriterConnectionsSetting <= 0 ? await ProbeDatabaseCpusAsync(cancellationToken) : 0;
            plan = budget.ForWriterReaderMaintenance(maxConnections, cpus);
        }

        new PoolLogLines(settings, log).Write(plan);
        var opener = new PooledConnectionOpener(version, settings, connector);
        ConnectionPool? maintenance = null;
        ConnectionPool? writer = null;
        ConnectionPool? reader = null;
        try
        {
            if (plan.Maintenance is { } maint)
            {
                maintenance = await OpenPoolAsync("maintenance", maint, ct => opener.OpenAsync(isWriter: false, ct), cancellationToken);
            }

            if (plan.Writer is { } write)
            {
                writer = await OpenPoolAsync("writer", write, ct => opener.OpenAsync(isWriter: !plan.SinglePool, ct), cancellationToken);
            }

            reader = plan.Reader is { } read
                ? await OpenPoolAsync("reader", read, ct => opener.OpenAsync(isWriter: false, ct), cancellationToken)
                : writer;
        }
        catch (PgxException ex)
        {
            foreach (var pool in new[] { maintenance, writer, reader }.OfType<ConnectionPool>().Distinct())
            {
                await pool.DisposeAsync();
            }

            throw new StartupFailure("client creation error: " + ex.Message);
        }

        return new PromscaleClient(maintenance, writer, reader!, log);
    }

    private static async Task<ConnectionPool> OpenPoolAsync(string name, PoolSize size, Func<CancellationToken, Task<NpgsqlConnection>> open, CancellationToken cancellationToken)
    {
        var pool = new ConnectionPool(name, size.Maximum, open);
        try
        {
            await pool.OpenMinimumAsync(size.Minimum, cancellationToken);
        }
        catch
        {
            await pool.DisposeAsync();
            throw;
        }

        return pool;
    }

    /// <summary>0.10 reads <c>SHOW max_connections</c> and fall back to 100 on a non-number.</summary>
    private async Task<int> ProbeShowMaxConnectionsAsync(CancellationToken cancellationToken)
    {
        var text = await ProbeAsync(c => c.ScalarAsync<string>("SHOW max_connections", cancellationToken), cancellationToken);
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        log.Warn("config.go:151", ("err", $"strconv.Atoi: parsing {GoSyntax.Quote(text ?? string.Empty)}: invalid syntax"), ("msg", "invalid value from postgres max_connections"));
        return 100;
    }

    /// <summary>
    /// <c>SELECT _prom_ext.num_cpus()</c> on a fresh connection. A stand-in extension without that function
    /// falls back to this machine's CPU count (the database runs on it in tests).
    /// </summary>
    private async Task<int> ProbeDatabaseCpusAsync(CancellationToken cancellationToken)
        => await ProbeAsync(
            async connection =>
            {
                try
                {
                    return (int)await connection.ScalarAsync<long>("SELECT _prom_ext.num_cpus()::bigint", cancellationToken);
                }
                catch (PgxException)
                {
                    return Environment.ProcessorCount;
                }
            },
            cancellationToken);

    /// <summary>A query on its own fresh connection, closed after (docs/promscale.md §3.7).</summary>
    private async Task<T> ProbeAsync<T>(Func<NpgsqlConnection, Task<T>> query, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await connector.OpenAsync(cancellationToken);
            return await query(connection);
        }
        catch (PgxException ex)
        {
            throw new StartupFailure("client creation error: " + ex.Message);
        }
    }

    private static async Task<T> Query<T>(Func<Task<T>> query, string context)
    {
        try
        {
            return await query();
        }
        catch (PgxException ex)
        {
            throw new StartupFailure(context + ex.Message);
        }
    }
}
