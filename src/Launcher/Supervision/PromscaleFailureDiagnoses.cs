using PromscaleLauncher.Configuration;
using PromscaleLauncher.Diagnostics;
using Ids = PromscaleLauncher.Diagnostics.DiagnosisIds;

namespace PromscaleLauncher.Supervision;

/// <summary>
/// Recognises Promscale's known failure lines (docs/promscale.md §3, §4.2) and explains them with the same ids and
/// fixes as the preflight, for the cases the preflight cannot rule out (a race, a change after the check).
/// </summary>
internal sealed class PromscaleFailureDiagnoses(LauncherSettings settings, string? appName)
{
    private readonly OperatorCommands _commands = new(appName);

    private sealed record Pattern(string Text, Func<PromscaleFailureDiagnoses, string, CheckResult> Explain);

    private static readonly Pattern[] _patterns =
    [
        new("timescaledb_information.data_nodes", (d, _) => d.Fail(Ids.FirstInstall, ExitCodes.DatabaseIncompatible,
            "Promscale 0.10.0's first migration failed on TimescaleDB 2.14 or later, which removed the multi-node objects it reads (docs/promscale.md §10.1); it rolled back.",
            $"install the schema before TimescaleDB: unset {EnvironmentVariableNames.FirstInstall} (auto, the launcher does it) or follow the steps of promscale-launcher check with {EnvironmentVariableNames.FirstInstall}=manual.")),
        new("permission denied to create role", (d, _) => d.Fail(Ids.RoleCreateRole, ExitCodes.PermissionDenied,
            "Promscale could not create its prom_* roles: its user lacks CREATEROLE (SQLSTATE 42501).",
            $"an administrator runs ALTER ROLE {d.User} WITH CREATEROLE; (on Scalingo: support), then NOCREATEROLE after the first successful start.")),
        new("SQLSTATE 53300", (d, _) => d.Fail(Ids.ConnectionBudget, ExitCodes.TemporaryFailure,
            "PostgreSQL refused Promscale a connection: too many clients (SQLSTATE 53300).",
            $"free connections, set {EnvironmentVariableNames.Instances} to the number of Promscale containers, lower {EnvironmentVariableNames.ConnectionsMax}, or move to a bigger PostgreSQL plan; run promscale-launcher check to see the budget and the containers connected.")),
        new("Failed to acquire the migration lock", (d, _) => d.Fail(Ids.SchemaVersion, ExitCodes.TemporaryFailure,
            "Promscale must upgrade the schema but another Promscale connector holds the schema lease.", d._commands.ScaleToZeroProcedure(d.Instances))),
        new("failed to acquire the lock", (d, _) => d.Fail(Ids.MigrationLock, ExitCodes.TemporaryFailure,
            "Promscale could not take the migration lock: another Promscale connector is running.", d._commands.ScaleToZeroProcedure(d.Instances))),
        new("could not acquire schema version lease", (d, _) => d.Fail(Ids.MigrationLock, ExitCodes.TemporaryFailure,
            "Another Promscale holds the schema migration lock (a migration in progress, or stuck).",
            $"wait for it; if it is stuck, find it in pg_locks (advisory key 5585198506344173278) and stop it with pg_terminate_backend in {d._commands.SqlConsole}.")),
        new("Error while comparing schema version", (d, _) => d.Fail(Ids.SchemaVersion, ExitCodes.DatabaseIncompatible,
            "The database's Promscale schema does not match this Promscale version.",
            $"run the Promscale version the schema was made by ({EnvironmentVariableNames.PromscaleVersion}), or upgrade alone: {d._commands.ScaleToZeroProcedure(d.Instances)}")),
        new("Incompatible postgresql version", (d, _) => d.Fail(Ids.PostgresVersion, ExitCodes.DatabaseIncompatible,
            "Promscale refused this PostgreSQL version.", "use PostgreSQL 12–14 for Promscale 0.10.0–0.16.0, 12–15 for 0.17.0.")),
        new("incompatible Timescaledb version", (d, _) => d.Fail(Ids.TimescaleDbVersion, ExitCodes.DatabaseIncompatible,
            "Promscale refused this TimescaleDB version.", "ALTER EXTENSION timescaledb UPDATE; as the first statement of a new session, or use a matching Promscale version.")),
        new("is not available at the right version", (d, _) => d.Fail(Ids.TimescaleDbVersion, ExitCodes.DatabaseIncompatible,
            "The TimescaleDB version the server offers is outside Promscale's range.", "use a server with TimescaleDB 2.6.1 or later (2.x).")),
        new("could not install timescaledb", (d, _) => d.Fail(Ids.TimescaleDbExtension, ExitCodes.DatabaseIncompatible,
            "Promscale could not install TimescaleDB: the server does not offer it.",
            $"use a server with TimescaleDB, or set {EnvironmentVariableNames.InstallExtensions}=false to run Promscale 0.10–0.14 without it.")),
        new("timescaledb extension is not installed", (d, _) => d.Fail(Ids.TimescaleDbExtension, ExitCodes.DatabaseIncompatible,
            "Promscale requires TimescaleDB in this database.", $"as the database owner run CREATE EXTENSION IF NOT EXISTS timescaledb; in {d._commands.SqlConsole}.")),
        new("must be preloaded", (d, _) => d.Fail(Ids.TimescaleDbPreload, ExitCodes.DatabaseIncompatible,
            "TimescaleDB's library is not preloaded on the server.", "add timescaledb to shared_preload_libraries and restart PostgreSQL (on Scalingo: support).")),
        new("promscale extension", (d, _) => d.Fail(Ids.PromscaleExtension, ExitCodes.DatabaseIncompatible,
            "Promscale needs the promscale database extension, missing or at an unsupported version on this server (Scalingo does not offer it).",
            $"set {EnvironmentVariableNames.PromscaleVersion}=0.10.0 and redeploy, or use a server with the promscale extension.")),
        new("address already in use", (d, _) => d.Fail(WebPortInUse, ExitCodes.TemporaryFailure,
            $"Promscale could not listen on port {d._settings.Port}: another process already does.",
            $"stop the other process, or choose another port with {EnvironmentVariableNames.Port} (on Scalingo the platform sets it).")),
        new("password authentication failed", (d, _) => d.Fail(Ids.DatabaseAuthentication, ExitCodes.PermissionDenied,
            "The database rejected Promscale's password.", $"use the addon's {EnvironmentVariableNames.ScalingoPostgresqlUrl} as it is; it changes after maintenance.")),
    ];

    public const string WebPortInUse = "web.port-in-use";

    private readonly LauncherSettings _settings = settings;

    /// <summary>The run-time 53300 watch for these settings (the supervisor builds the line watcher from the diagnoses alone).</summary>
    public ConnectionShortageWatch ShortageWatch(Microsoft.Extensions.Logging.ILogger logger) => new(_settings, logger, TimeProvider.System, appName: appName);

    private string User => OperatorCommands.QuoteIdentifier(_settings.DatabaseUrl.User ?? "<user>");

    private int Instances => _settings.Instances;

    private CheckResult Fail(string id, int exitCode, string summary, string fix) => CheckResult.Fail(id, exitCode, summary, fix);

    /// <summary>The diagnosis for a Promscale line, or null when the line is not a known failure.</summary>
    public CheckResult? Diagnose(string message, string? error)
    {
        var text = error is null ? message : message + " " + error;
        foreach (var pattern in _patterns)
        {
            if (text.Contains(pattern.Text, StringComparison.OrdinalIgnoreCase))
            {
                return pattern.Explain(this, text);
            }
        }
        return null;
    }
}
