using Microsoft.Extensions.Logging;
using Npgsql;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Database;
using PromscaleLauncher.Diagnostics;
using PromscaleLauncher.Signals;
using PromscaleLauncher.Supervision;
using Env = PromscaleLauncher.Configuration.EnvironmentVariableNames;
using LauncherLog = PromscaleLauncher.Logging.Log;

namespace PromscaleLauncher.FirstInstall;

/// <summary>
/// The first-install stage of `run`, between the preflight and the supervision (docs/first-install.md): on TimescaleDB
/// ≥ 2.14, Promscale 0.10.0's schema goes in before TimescaleDB. Under its lock it reads the server again and decides
/// again, so that what it does rests on what is true now, and refuses before any change when a step cannot be done.
/// Each step is announced, timed, and on failure the database's state and the fix are logged; nothing further is changed.
/// </summary>
internal sealed class FirstInstallStage(LauncherSettings settings, MigrationRun migration, SignalLifetime signals, string? appName, TimeProvider timeProvider, ILogger logger)
{
    public const string ApplicationName = "promscale-launcher first-install";

    private FirstInstallStep? _step;
    private bool _dropped;
    private bool _migrated;

    /// <summary>Null when Promscale may start now; otherwise the launcher's exit code.</summary>
    public async Task<int?> RunAsync(FirstInstallPlan preflightPlan, bool installExtensions, bool upgradeExtensions, CancellationToken stopping)
    {
        if (!preflightPlan.LauncherInstalls)
        {
            return null;
        }
        var started = timeProvider.GetTimestamp();
        try
        {
            // Unpooled: each DDL step gets a session of its own, as TimescaleDB wants (nothing of the library loaded before).
            await using var dataSource = PreflightDataSource.Create(settings, builder =>
            {
                builder.ApplicationName = ApplicationName;
                builder.Pooling = false;
            });
            var connected = await new DatabaseConnector(settings, timeProvider, logger).ConnectAsync(dataSource, stopping);
            if (connected.Connection is not { } held)
            {
                return Refuse(ExitCodes.DatabaseUnavailable, $"the database could not be reached again: {connected.Failure?.Reason}.", "retry; run promscale-launcher check.");
            }
            await using var _ = held;
            if (!await FirstInstallLock.TryAcquireAsync(held, stopping))
            {
                LauncherLog.FirstInstallWaiting(logger, (int)FirstInstallLock.Wait.TotalSeconds);
                if (!await FirstInstallLock.AcquireAsync(held, stopping))
                {
                    return Refuse(ExitCodes.TemporaryFailure,
                        $"another launcher held the first-install lock for {FirstInstallLock.Wait.TotalSeconds:0} s (advisory key {FirstInstallLock.Key}).",
                        "restart once it is done; if a launcher hangs, find it in pg_locks and stop it.");
                }
            }

            // What is true now, under the lock: another container may have installed the schema meanwhile.
            var facts = await ServerFactsReader.ReadAsync(held, stopping);
            var plan = FirstInstallPlanner.Decide(settings.PromscaleVersion, settings.FirstInstall, facts, installExtensions, upgradeExtensions)!;
            switch (plan.Path)
            {
                case FirstInstallPath.ExistingSchema:
                    LauncherLog.FirstInstallNotNeeded(logger, FirstInstallNames.Of(plan.Path), $"Promscale's schema {plan.SchemaVersion} exists now (installed by another launcher)");
                    return null;
                case FirstInstallPath.PromscaleInstalls:
                    LauncherLog.FirstInstallNotNeeded(logger, FirstInstallNames.Of(plan.Path), $"TimescaleDB at migration is now {plan.TimescaleDbAtMigration ?? "none"}: Promscale installs its schema itself");
                    return null;
                case FirstInstallPath.Impossible:
                    var check = FirstInstallCheck.From(plan, settings.PromscaleVersion, appName);
                    LauncherLog.FirstInstallRefused(logger, check.Summary, check.Fix!);
                    return check.ExitCode;
            }

            var steps = plan.Steps;
            LauncherLog.FirstInstallStarting(logger, settings.PromscaleVersion.ToString(), plan.TimescaleDbAtMigration!, plan.Database, plan.Role, steps.Count,
                string.Join(", ", steps.Select(FirstInstallNames.Of)));
            foreach (var step in steps)
            {
                _step = step;
                var exitCode = step switch
                {
                    FirstInstallStep.DropTimescaleDb => await DropTimescaleDbAsync(dataSource, plan, stopping),
                    FirstInstallStep.MigrateSchema => await MigrateAsync(dataSource, plan, stopping),
                    _ => await CreateTimescaleDbAsync(dataSource, plan, stopping),
                };
                if (exitCode is not null)
                {
                    return exitCode;
                }
            }
            _step = null;

            var after = await ServerFactsReader.ReadAsync(held, stopping);
            LauncherLog.FirstInstallDone(logger, Elapsed(started), after.SchemaVersion ?? "unknown", after.TimescaleDbInstalledVersion ?? "none", after.TimescaleDbOwner ?? plan.Role);
            return null;
        }
        catch (NpgsqlException exception) when (!stopping.IsCancellationRequested)
        {
            // Lost the server between steps (a restart, a network cut): say where the database was left.
            var reason = ConnectionFailure.Classify(exception).Reason;
            return _step is { } step
                ? Failed(step, started, $"the database failed: {reason}", State(), "restart once the database is back: the next start reads it again and resumes.", ExitCodes.DatabaseUnavailable)
                : Refuse(ExitCodes.DatabaseUnavailable, $"the database failed while the first install read it: {reason}.", "restart once the database is back; run promscale-launcher check.");
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            LauncherLog.FirstInstallInterrupted(logger, signals.ReceivedSignalName, _step is { } step ? FirstInstallNames.Of(step) : "none", Elapsed(started), State());
            return ExitCodes.FromSignal(signals.ReceivedSignal);
        }
    }

    private async Task<int?> DropTimescaleDbAsync(NpgsqlDataSource dataSource, FirstInstallPlan plan, CancellationToken stopping)
    {
        var step = FirstInstallStep.DropTimescaleDb;
        LauncherLog.FirstInstallStepStarting(logger, FirstInstallNames.Of(step),
            $"DROP EXTENSION timescaledb; (TimescaleDB {plan.TimescaleDbInstalled}, owned by {plan.TimescaleDbOwner}, no hypertable: nothing of Promscale's or yours is in it yet)");
        var started = timeProvider.GetTimestamp();
        // No CASCADE: should anything depend on TimescaleDB after all, PostgreSQL refuses and nothing changes.
        if (await ExecuteAsync(dataSource, "DROP EXTENSION timescaledb", stopping) is { } failure)
        {
            return Failed(step, started, failure, "unchanged (TimescaleDB still created)",
                $"drop it yourself in {new OperatorCommands(appName).SqlConsole} if nothing needs it, or see {Env.FirstInstall}=manual and promscale-launcher check.");
        }
        _dropped = true;
        LauncherLog.FirstInstallStepDone(logger, FirstInstallNames.Of(step), Elapsed(started), "TimescaleDB dropped");
        return null;
    }

    private async Task<int?> MigrateAsync(NpgsqlDataSource dataSource, FirstInstallPlan plan, CancellationToken stopping)
    {
        var step = FirstInstallStep.MigrateSchema;
        LauncherLog.FirstInstallStepStarting(logger, FirstInstallNames.Of(step),
            $"Promscale {settings.PromscaleVersion} installs its schema without TimescaleDB (PROMSCALE_MIGRATE=only, {Env.InstallExtensions}=false), then exits");
        var started = timeProvider.GetTimestamp();
        var outcome = await migration.RunAsync(stopping);
        stopping.ThrowIfCancellationRequested();
        if (outcome.ExitCode != 0)
        {
            Failed(step, started, $"Promscale exited with code {outcome.ExitCode} ({PromscaleSupervisor.ExitMeaning(outcome.ExitCode)}); its last problem: {outcome.LastProblem}", State(),
                "fix what Promscale's lines above say (promscale-launcher check lists known causes), then restart: the next start takes this path again.");
            return outcome.ExitCode;
        }
        var version = await ReadSchemaVersionAsync(dataSource, stopping);
        if (version is null)
        {
            return Failed(step, started, "Promscale exited 0, but public.prom_schema_migrations is missing: it did not migrate (PROMSCALE_STARTUP_SKIP_MIGRATE set, or another Promscale held its migration lock)",
                State(), "unset PROMSCALE_STARTUP_SKIP_MIGRATE, make sure no other Promscale runs against this database, then restart.", ExitCodes.TemporaryFailure);
        }
        _migrated = true;
        LauncherLog.FirstInstallStepDone(logger, FirstInstallNames.Of(step), Elapsed(started), $"Promscale's schema {version} installed, on plain tables so far");
        return null;
    }

    private async Task<int?> CreateTimescaleDbAsync(NpgsqlDataSource dataSource, FirstInstallPlan plan, CancellationToken stopping)
    {
        var step = FirstInstallStep.CreateTimescaleDb;
        LauncherLog.FirstInstallStepStarting(logger, FirstInstallNames.Of(step),
            $"CREATE EXTENSION IF NOT EXISTS timescaledb; as {plan.Role} (TimescaleDB {plan.TimescaleDbAvailable}): metrics created from now on are hypertables");
        var started = timeProvider.GetTimestamp();
        // A fresh session, as TimescaleDB wants for its DDL: nothing of the library loaded in it yet.
        if (await ExecuteAsync(dataSource, "CREATE EXTENSION IF NOT EXISTS timescaledb", stopping) is { } failure)
        {
            return Failed(step, started, failure, State(),
                $"as {plan.Role} run CREATE EXTENSION IF NOT EXISTS timescaledb; in {new OperatorCommands(appName).SqlConsole}, then restart; or set {Env.InstallExtensions}=false to run Promscale without TimescaleDB.");
        }
        LauncherLog.FirstInstallStepDone(logger, FirstInstallNames.Of(step), Elapsed(started), "TimescaleDB created");
        return null;
    }

    /// <summary>Runs one DDL statement on a fresh connection: null when done, else why not (no secret: server messages only).</summary>
    private static async Task<string?> ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken stopping)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(stopping);
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(stopping);
            return null;
        }
        catch (PostgresException exception)
        {
            return $"{exception.MessageText} (SQLSTATE {exception.SqlState})";
        }
        catch (NpgsqlException exception) when (!stopping.IsCancellationRequested)
        {
            return ConnectionFailure.Classify(exception).Reason;
        }
    }

    private static async Task<string?> ReadSchemaVersionAsync(NpgsqlDataSource dataSource, CancellationToken stopping)
    {
        await using var connection = await dataSource.OpenConnectionAsync(stopping);
        await using var command = new NpgsqlCommand(
            "SELECT CASE WHEN to_regclass('public.prom_schema_migrations') IS NULL THEN NULL ELSE (SELECT version::text FROM public.prom_schema_migrations ORDER BY 1 DESC LIMIT 1) END", connection);
        return await command.ExecuteScalarAsync(stopping) as string;
    }

    private string State() => (_dropped, _migrated) switch
    {
        (_, true) => "Promscale's schema is installed, TimescaleDB is not created (Promscale would run on plain tables)",
        (true, false) => "TimescaleDB dropped and no Promscale schema (its migration rolls back as a whole); the next start takes this path again, without the drop; to put TimescaleDB back as it was: CREATE EXTENSION timescaledb;",
        _ => "unchanged",
    };

    private int Failed(FirstInstallStep step, long started, string problem, string state, string fix, int exitCode = ExitCodes.DatabaseIncompatible)
    {
        LauncherLog.FirstInstallStepFailed(logger, FirstInstallNames.Of(step), Elapsed(started), problem, state, fix);
        return exitCode;
    }

    private int Refuse(int exitCode, string summary, string fix)
    {
        LauncherLog.FirstInstallRefused(logger, $"First install not started: {summary}", fix);
        return exitCode;
    }

    private long Elapsed(long started) => (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;
}
