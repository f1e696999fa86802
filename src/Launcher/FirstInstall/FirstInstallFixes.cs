using PromscaleLauncher.Diagnostics;
using Env = PromscaleLauncher.Configuration.EnvironmentVariableNames;

namespace PromscaleLauncher.FirstInstall;

/// <summary>
/// The exact fixes of the first install, for Scalingo (docs/scalingo.md §3.3, §4): each obstacle's, and the steps an
/// operator runs by hand with PROMSCALE_LAUNCHER_FIRST_INSTALL=manual. No secret: the URL stays in its variable.
/// </summary>
internal sealed class FirstInstallFixes(FirstInstallPlan plan, string? appName)
{
    private readonly OperatorCommands _commands = new(appName);

    private string Role => OperatorCommands.QuoteIdentifier(plan.Role);

    private string Database => OperatorCommands.QuoteIdentifier(plan.Database);

    public int ExitCode(FirstInstallObstacle obstacle) => obstacle switch
    {
        FirstInstallObstacle.NotOwner or FirstInstallObstacle.NoCreateRole or FirstInstallObstacle.NoCreatePrivilege => ExitCodes.PermissionDenied,
        _ => ExitCodes.DatabaseIncompatible,
    };

    public string Problem(FirstInstallObstacle obstacle) => obstacle switch
    {
        FirstInstallObstacle.NotOwner => $"TimescaleDB is created in database {plan.Database} by role {plan.TimescaleDbOwner}, not by {plan.Role}, who may not drop it",
        FirstInstallObstacle.HypertablesPresent => $"{plan.Hypertables} hypertable(s) exist in database {plan.Database}: dropping TimescaleDB would destroy them",
        FirstInstallObstacle.HypertablesUnknown => $"TimescaleDB's catalog (_timescaledb_catalog.hypertable) could not be read, so hypertables that dropping TimescaleDB would destroy cannot be ruled out",
        FirstInstallObstacle.NotPreloaded => "TimescaleDB's library is not preloaded, so CREATE EXTENSION timescaledb would end with FATAL \"extension \"timescaledb\" must be preloaded\"",
        FirstInstallObstacle.NoCreateRole => $"role {plan.Role} lacks CREATEROLE, which Promscale 0.10.0's migration needs to create its prom_* roles",
        _ => $"role {plan.Role} lacks CREATE on database {plan.Database}, which CREATE EXTENSION timescaledb needs",
    };

    public string Fix(FirstInstallObstacle obstacle) => obstacle switch
    {
        FirstInstallObstacle.NotOwner =>
            $"have role {plan.TimescaleDbOwner} (or a superuser; on Scalingo: support) run DROP EXTENSION timescaledb; in database {plan.Database}, then restart: {_commands.Scalingo("restart")}",
        FirstInstallObstacle.HypertablesPresent =>
            $"give Promscale a database of its own, where nothing creates TimescaleDB before Promscale's first start: on Scalingo a new app with its own PostgreSQL 14 addon ({_commands.Scalingo("addons-add postgresql <plan>")} on that app)",
        FirstInstallObstacle.HypertablesUnknown =>
            $"look yourself in {_commands.SqlConsole}: SELECT count(*) FROM _timescaledb_catalog.hypertable; and only if it is 0, DROP EXTENSION timescaledb; then restart: {_commands.Scalingo("restart")}",
        FirstInstallObstacle.NotPreloaded => plan.TimescaleDbInstalled is null
            ? $"preload it (Scalingo preloads it on PostgreSQL 13.6 and later: ask support), or set {Env.InstallExtensions}=false to run Promscale without TimescaleDB, on plain tables"
            : "preload it (Scalingo preloads it on PostgreSQL 13.6 and later: ask support); elsewhere add timescaledb to shared_preload_libraries and restart PostgreSQL",
        FirstInstallObstacle.NoCreateRole =>
            $"an administrator runs ALTER ROLE {Role} WITH CREATEROLE; (on Scalingo the default user cannot grant it to itself: ask support), and ALTER ROLE {Role} WITH NOCREATEROLE; after the first start",
        _ => $"the database's owner runs GRANT CREATE ON DATABASE {Database} TO {Role};",
    };

    /// <summary>Every obstacle's fix, in order.</summary>
    public string Fixes() => string.Join("; ", plan.Obstacles.Select(obstacle => $"{Problem(obstacle)}: {Fix(obstacle)}"));

    /// <summary>
    /// The plain-schema-then-TimescaleDB path by hand: what the launcher does in auto mode, as commands. Promscale is
    /// configured by environment only, its URL expanded inside the one-off container, never printed.
    /// </summary>
    public string ManualSteps()
    {
        var steps = new List<string>();
        if (plan.TimescaleDbInstalled is not null)
        {
            steps.Add($"in {_commands.SqlConsole} (as {plan.Role}, with no hypertable): DROP EXTENSION timescaledb;");
        }
        steps.Add($"install the schema without TimescaleDB: {_commands.Scalingo("run")} 'PROMSCALE_DB_URI=\"$SCALINGO_POSTGRESQL_URL\" PROMSCALE_MIGRATE=only {Env.InstallExtensions}=false promscale' (it logs \"Migration successful, exiting\")");
        steps.Add($"in {_commands.SqlConsole} (as {plan.Role}): CREATE EXTENSION IF NOT EXISTS timescaledb;");
        steps.Add($"restart: {_commands.Scalingo("restart")}");
        return string.Join(" ", steps.Select((step, index) => $"{index + 1}. {step}"));
    }
}
