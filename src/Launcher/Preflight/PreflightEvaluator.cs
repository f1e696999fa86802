using PromscaleLauncher.Configuration;
using PromscaleLauncher.Database;
using PromscaleLauncher.Diagnostics;
using PromscaleLauncher.FirstInstall;
using PromscaleLauncher.Launch;
using PromscaleLauncher.Promscale;
using Env = PromscaleLauncher.Configuration.EnvironmentVariableNames;
using Ids = PromscaleLauncher.Diagnostics.DiagnosisIds;

namespace PromscaleLauncher.Preflight;

/// <summary>
/// Decides, from what the server said, whether this Promscale version can start, and with which settings.
/// Pure: no I/O, so every outcome is unit-tested from <see cref="ServerFacts"/> alone.
/// </summary>
internal sealed class PreflightEvaluator(LauncherSettings settings, ServerFacts facts, int processorCount, string? appName)
{
    private readonly List<CheckResult> _checks = [];
    private readonly PromscaleVersion _version = settings.PromscaleVersion;
    private readonly PromscaleRequirements _requirements = PromscaleRequirements.For(settings.PromscaleVersion);
    private readonly OperatorCommands _commands = new(appName);
    private readonly PromscalePeers _peers = PromscalePeers.From(facts.PromscaleSessions, settings.Container);

    /// <summary>
    /// N: PROMSCALE_LAUNCHER_INSTANCES when set, else the Promscale containers seen (this container's previous
    /// generation is this container) plus this one.
    /// </summary>
    private int Instances => settings.InstancesSet ? settings.Instances : _peers.OtherContainerCount + 1;

    /// <summary>2 when a deploy may run a full second generation beside this one (PROMSCALE_LAUNCHER_DEPLOY_OVERLAP).</summary>
    private int Generations => settings.DeployOverlap ? 2 : 1;

    /// <summary>Whether the operator's URL names Promscale's sessions itself: then peers cannot be told apart.</summary>
    private bool OperatorApplicationName => settings.PromscaleDatabaseUrl.GetParameter("application_name") is not null;

    private bool CanCreateExtensions => facts.IsSuperuser || facts.CanCreateInDatabase;

    public IReadOnlyList<CheckResult> Checks => _checks;

    /// <summary>
    /// The evaluation stage: from what the server said (or why it could not be read), whether the settings'
    /// Promscale version can start, and how. Pure.
    /// </summary>
    public static PreflightReport Evaluate(LauncherSettings settings, ServerReading server, int processorCount, string? appName)
    {
        if (server.Facts is not { } facts)
        {
            return new PreflightReport([WithPromscaleNeeds(server.Connection, settings)], null);
        }
        var evaluator = new PreflightEvaluator(settings, facts, processorCount, appName);
        var plan = evaluator.Evaluate();
        return new PreflightReport([server.Connection, .. evaluator.Checks], plan) { FirstInstall = evaluator.FirstInstall };
    }

    /// <summary>A refused connection's numbers: what this Promscale version would need, once the version is known.</summary>
    private static CheckResult WithPromscaleNeeds(CheckResult connection, LauncherSettings settings)
    {
        if (connection.Id != Ids.ConnectionsRefused)
        {
            return connection;
        }
        var version = settings.PromscaleVersion;
        var minimum = PromscaleConnectionSettings.MinimumBudget(version.Era);
        var needed = minimum * settings.Instances + settings.DbHeadroom;
        var withNeeds = connection with
        {
            Summary = $"{connection.Summary} Promscale {version} needs at least {minimum} connections per instance, {needed} with {settings.Instances} instance(s) and {Env.DbHeadroom}={settings.DbHeadroom}.",
        };
        return withNeeds.With("minimum", minimum).With("needed", needed);
    }

    public LaunchPlan? Evaluate()
    {
        CheckTls();
        CheckPostgresVersion();
        var (install, upgrade) = DecideExtensionFlags();
        upgrade = CheckTimescaleDbUpdate(upgrade);
        CheckTimescaleDb(install);
        CheckPromscaleExtension(install);
        CheckPrivileges();
        CheckPeers();
        var connectionSettings = CheckConnectionBudget(out var budget);
        CheckMigrationState();
        CheckFirstInstall(install, upgrade);

        // The plan exists whenever the budget could be computed, so that PROMSCALE_LAUNCHER_PREFLIGHT=warn can
        // still start Promscale; whether it may start is the report's business.
        if (connectionSettings is null)
        {
            return null;
        }
        // The container and its budget in the name: how the next container's preflight knows its peers (PromscaleSessionName).
        var uri = settings.PromscaleDatabaseUrl
            .WithDefaultParameter("application_name", PromscaleSessionName.Format(_version.ToString(), settings.Container, budget))
            .WithDefaultParameter("connect_timeout", "10");
        return new LaunchPlan(_version, uri.ToSecretUri(), connectionSettings, install, upgrade);
    }

    private void Add(CheckResult check) => _checks.Add(check);

    private void CheckTls()
    {
        var mode = settings.SslMode.ToUrlValue();
        Add((facts.ConnectionEncrypted
                ? CheckResult.Ok(Ids.DatabaseTls, $"The connection is encrypted (TLS, sslmode={mode}); Promscale uses the same sslmode.")
                : CheckResult.Warn(Ids.DatabaseTls, $"The connection is NOT encrypted (sslmode={mode}, allowed by {Env.AllowInsecureDb}=true).",
                    $"use this only for a local database; on Scalingo unset {Env.AllowInsecureDb}."))
            .With("sslmode", mode).With("encrypted", facts.ConnectionEncrypted));
    }

    private void CheckPostgresVersion()
    {
        // 0.10.0 on 15+ is what every Scalingo app meets after the PostgreSQL 14 upgrade (PostgresUpgradeDeadline):
        // Promscale cannot run there, but its tables are still readable by the export.
        var stranded = _version.Era == PromscaleEra.SqlMigrations && facts.PostgresMajor >= _requirements.PostgresBelowMajor;
        var check = _requirements.AcceptsPostgres(facts.PostgresMajor)
            ? CheckResult.Ok(Ids.PostgresVersion, $"PostgreSQL {facts.ServerVersion} is accepted by Promscale {_version} (PostgreSQL {_requirements.PostgresRangeText}).")
            : CheckResult.Fail(Ids.PostgresVersion, ExitCodes.DatabaseIncompatible,
                $"PostgreSQL {facts.ServerVersion} is not accepted by Promscale {_version}, which runs on PostgreSQL {_requirements.PostgresRangeText} only."
                + (stranded ? $" {PostgresUpgradeDeadline.ExportHint}" : ""),
                stranded ? PostgresUpgradeDeadline.StrandedFix(appName) : PostgresVersionFix());
        check = check.With("server_version", facts.ServerVersion).With("accepted", _requirements.PostgresRangeText);
        Add(stranded ? check.With("export_command", PostgresUpgradeDeadline.ExportCommand(appName)) : check);
    }

    private string PostgresVersionFix() => _version.Era == PromscaleEra.SqlMigrations
        ? $"use a PostgreSQL 12–14 database (on Scalingo create the addon at version 14: Promscale 0.10.0 is the only version that runs there, since 0.11+ needs the promscale extension); Promscale 0.17.0 accepts up to 15 but needs that extension."
        : $"use a PostgreSQL {_requirements.PostgresRangeText} database, or set {Env.PromscaleVersion} to a Promscale version that accepts PostgreSQL {facts.PostgresMajor} (0.17.0 accepts 12–15).";

    private (bool Install, bool Upgrade) DecideExtensionFlags()
    {
        var timescaleDbMissing = facts.TimescaleDbAvailableVersion is null && !_requirements.TimescaleDbRequired;
        var defaultValue = CanCreateExtensions && !timescaleDbMissing;
        var install = settings.InstallExtensions ?? defaultValue;
        var upgrade = settings.UpgradeExtensions ?? defaultValue;
        var flags = $"{Env.InstallExtensions}={GoBool.Format(install)}, {Env.UpgradeExtensions}={GoBool.Format(upgrade)}";
        CheckResult check;
        if (settings.InstallExtensions is not null && settings.UpgradeExtensions is not null)
        {
            check = CheckResult.Ok(Ids.ExtensionFlags, $"Extension flags as set by the operator: {flags}.");
        }
        else if (defaultValue)
        {
            check = CheckResult.Ok(Ids.ExtensionFlags, $"Promscale may create and upgrade its extensions: {flags}.");
        }
        else
        {
            var why = timescaleDbMissing
                ? "TimescaleDB is not available on this server, and with install on Promscale would fail with \"could not install timescaledb\""
                : $"role {facts.CurrentUser} may not create extensions in database {facts.Database} (no CREATE privilege)";
            check = CheckResult.Warn(Ids.ExtensionFlags, $"Defaulted to {flags}, since {why}.",
                $"nothing to do; set both variables explicitly to silence this.");
        }
        Add(check.With("install_extensions", install).With("upgrade_extensions", upgrade));
        return (install, upgrade);
    }

    /// <summary>
    /// ALTER EXTENSION timescaledb UPDATE invalidates the connections other sessions hold (Promscale's own source says
    /// so), and Promscale does not recover from that: while other Promscale containers are connected, this start leaves
    /// the update alone unless the operator set PROMSCALE_STARTUP_UPGRADE_EXTENSIONS explicitly. This container's own
    /// previous generation does not hold it back: Scalingo stops it as soon as this one is up (that is how "scale to 1,
    /// restart" applies the update); an unnamed peer (a launcher before this one) might be another container, so it does.
    /// </summary>
    private bool CheckTimescaleDbUpdate(bool upgrade)
    {
        var installed = facts.TimescaleDbInstalledVersion;
        var available = facts.TimescaleDbAvailableVersion;
        if (installed is null || available is null || VersionRange.Compare(available, installed) <= 0)
        {
            return upgrade;
        }
        var scale = _commands.Scalingo("scale web:1");
        var restart = _commands.Scalingo("restart web");
        var safely = $"to apply it safely, stop the other Promscale containers first: {scale}, wait until the old containers are gone, then {restart} (the one container's Promscale updates TimescaleDB at start with no other Promscale connected); then scale web back up.";
        var others = new PromscalePeers([.. _peers.OtherContainers]);
        var peers = others.All.Count;
        CheckResult check;
        var withheld = false;
        if (peers > 0 && upgrade && settings.UpgradeExtensions is null)
        {
            withheld = true;
            check = CheckResult.Warn(Ids.TimescaleDbUpdate,
                $"A TimescaleDB update is pending ({installed} → {available}), but {peers} other Promscale container(s) are connected ({others.Describe()}): the update would invalidate their connections, which Promscale does not recover from. This start runs Promscale with {Env.UpgradeExtensions}=false.",
                safely);
        }
        else if (peers > 0 && upgrade)
        {
            check = CheckResult.Warn(Ids.TimescaleDbUpdate,
                $"A TimescaleDB update is pending ({installed} → {available}) and {Env.UpgradeExtensions}=true lets Promscale apply it at start while {peers} other Promscale container(s) are connected ({others.Describe()}): their connections become invalid and they stop ingesting until restarted.",
                $"unset {Env.UpgradeExtensions} (the launcher then defers the update while others are connected); {safely}");
        }
        else if (upgrade)
        {
            check = CheckResult.Ok(Ids.TimescaleDbUpdate, $"Promscale will update TimescaleDB from {installed} to {available} at start; no other Promscale container is connected{(_peers.All.Count > 0 ? " (only this container's previous generation, which stops once this one is up)" : "")}.");
        }
        else
        {
            check = CheckResult.Warn(Ids.TimescaleDbUpdate, $"A TimescaleDB update is pending ({installed} → {available}); Promscale will not apply it ({Env.UpgradeExtensions}=false).",
                $"nothing to do now; {safely}");
        }
        Add(check.With("installed_version", installed).With("default_version", available).With("peers", peers).With("upgrade_extensions", upgrade && !withheld).With("withheld", withheld));
        return upgrade && !withheld;
    }

    /// <summary>The other Promscale containers, named: what the budget shares with, and whether PROMSCALE_LAUNCHER_INSTANCES is too low.</summary>
    private void CheckPeers()
    {
        var seen = _peers.OtherContainerCount + 1;
        CheckResult check;
        if (OperatorApplicationName)
        {
            check = CheckResult.Warn(Ids.ConnectionPeers,
                $"The database URL sets application_name={settings.PromscaleDatabaseUrl.GetParameter("application_name")}, so Promscale containers cannot be told apart: their connections count as other clients' and the budget cannot account for a deploy's second generation.",
                "remove application_name from the database URL: the launcher names each container's sessions promscale@<version>/<container> max=<budget>.");
        }
        else if (_peers.All.Count == 0)
        {
            check = CheckResult.Ok(Ids.ConnectionPeers, $"No other Promscale container is connected; this one is {settings.Container}.");
        }
        else if (settings.InstancesSet && seen > settings.Instances)
        {
            check = CheckResult.Warn(Ids.ConnectionPeers,
                $"{seen} Promscale containers use this database (this one, {settings.Container}, and {_peers.Describe()}), more than {Env.Instances}={settings.Instances}: each container's share was computed for {settings.Instances}.",
                $"set {Env.Instances}={seen} (the number of web containers: {_commands.Scalingo("ps")}) and restart, or scale web down to {settings.Instances}.");
        }
        else
        {
            check = CheckResult.Ok(Ids.ConnectionPeers, $"Other Promscale containers connected: {_peers.Describe()}; this one is {settings.Container}.");
        }
        Add(check
            .With("container", settings.Container)
            .With("peers", _peers.Describe())
            .With("peer_containers", string.Join(",", _peers.All.Select(peer => peer.Container)))
            .With("peer_connections", _peers.Connections)
            .With("containers_seen", seen)
            .With("instances", Instances));
    }

    private void CheckTimescaleDb(bool install)
    {
        var installed = facts.TimescaleDbInstalledVersion;
        var available = facts.TimescaleDbAvailableVersion;
        var willCreate = installed is null && available is not null && install && CanCreateExtensions;
        var enableFix = $"as the database owner run CREATE EXTENSION IF NOT EXISTS timescaledb; in {_commands.SqlConsole} (it is a trusted extension: no superuser needed, once the library is preloaded).";
        var missingFix = "use a PostgreSQL server with TimescaleDB (on Scalingo: PostgreSQL 13.6 or later, where it is available to every database), or install the timescaledb package and add it to shared_preload_libraries.";

        CheckResult extension;
        if (installed is not null)
        {
            extension = CheckResult.Ok(Ids.TimescaleDbExtension, $"TimescaleDB {installed} is enabled in database {facts.Database}.");
        }
        else if (willCreate)
        {
            extension = CheckResult.Warn(Ids.TimescaleDbExtension,
                $"TimescaleDB {available} is available but not enabled in database {facts.Database}; Promscale will create it at start ({Env.InstallExtensions}=true).",
                enableFix);
        }
        else if (available is not null)
        {
            extension = _requirements.TimescaleDbRequired
                ? CheckResult.Fail(Ids.TimescaleDbExtension, ExitCodes.DatabaseIncompatible,
                    $"TimescaleDB {available} is available but not enabled in database {facts.Database}, and Promscale {_version} requires it.", enableFix)
                : CheckResult.Warn(Ids.TimescaleDbExtension,
                    $"TimescaleDB {available} is available but not enabled in database {facts.Database}: Promscale {_version} would store metrics in plain tables, without hypertables.", enableFix);
        }
        else
        {
            extension = _requirements.TimescaleDbRequired
                ? CheckResult.Fail(Ids.TimescaleDbExtension, ExitCodes.DatabaseIncompatible,
                    $"TimescaleDB is not installed on this PostgreSQL server, and Promscale {_version} requires it.", missingFix)
                : CheckResult.Warn(Ids.TimescaleDbExtension,
                    $"TimescaleDB is not installed on this PostgreSQL server: Promscale {_version} runs without it, in plain tables (slow, no compression).", missingFix);
        }
        Add(extension.With("available_version", available ?? "none").With("installed_version", installed ?? "none"));

        if (installed is null && !willCreate)
        {
            return;
        }
        // timescaledb.max_background_workers is in pg_settings only when the library is loaded: the one test a
        // non-superuser can run (shared_preload_libraries needs pg_read_all_settings), and one a placeholder in
        // postgresql.conf does not fool (docs/timescaledb.md, corrections box).
        Add(facts.TimescaleDbPreloaded
            ? CheckResult.Ok(Ids.TimescaleDbPreload, $"The TimescaleDB library is preloaded (timescaledb.max_background_workers = {facts.TimescaleDbPreloadSetting}).")
            : CheckResult.Fail(Ids.TimescaleDbPreload, ExitCodes.DatabaseIncompatible,
                installed is not null
                    ? "TimescaleDB is enabled in this database but its library is not preloaded: every session that touches it is killed (FATAL: extension \"timescaledb\" must be preloaded)."
                    : "TimescaleDB's library is not preloaded, so CREATE EXTENSION timescaledb would kill Promscale's session (FATAL: extension \"timescaledb\" must be preloaded).",
                "add timescaledb to shared_preload_libraries in postgresql.conf and restart PostgreSQL (on Scalingo the platform manages this setting: ask support)."));

        var version = installed ?? available!;
        if (_requirements.TimescaleDbVersions.Contains(version))
        {
            Add(CheckResult.Ok(Ids.TimescaleDbVersion, $"TimescaleDB {version} is within Promscale {_version}'s range ({_requirements.TimescaleDbVersions}).")
                .With("accepted", _requirements.TimescaleDbVersions.ToString()));
        }
        else if (_version.Era == PromscaleEra.SqlMigrations && VersionRange.Compare(version, "1.7.0") >= 0 && VersionRange.Compare(version, "1.7.3") < 0)
        {
            Add(CheckResult.Warn(Ids.TimescaleDbVersion, $"TimescaleDB {version} is older than 1.7.3: Promscale {_version} runs but warns.",
                "ALTER EXTENSION timescaledb UPDATE; as the first statement of a new session."));
        }
        else
        {
            var canUpdate = installed is not null && available is not null && _requirements.TimescaleDbVersions.Contains(available);
            Add(CheckResult.Fail(Ids.TimescaleDbVersion, ExitCodes.DatabaseIncompatible,
                $"TimescaleDB {version} is outside Promscale {_version}'s range ({_requirements.TimescaleDbVersions}).",
                canUpdate
                    ? $"update it to {available}: run ALTER EXTENSION timescaledb UPDATE; as the first statement of a new session in {_commands.SqlConsole}."
                    : $"use a TimescaleDB version {_requirements.TimescaleDbVersions}, or a Promscale version that accepts {version}.")
                .With("accepted", _requirements.TimescaleDbVersions.ToString()));
        }

        if (installed is not null && facts.TimescaleDbLicense is { } license)
        {
            Add(license == "timescale"
                ? CheckResult.Ok(Ids.TimescaleDbLicense, "TimescaleDB runs under the Timescale License (community features: compression, retention policies).")
                : CheckResult.Warn(Ids.TimescaleDbLicense,
                    $"TimescaleDB runs under the \"{license}\" licence (Apache 2 edition): no compression, retention policies or continuous aggregates, so Promscale's data stays uncompressed.",
                    "nothing to do on Scalingo, which offers only the Apache 2 edition; plan disk space for uncompressed data.")
                    .With("timescaledb.license", license));
        }
    }

    private void CheckPromscaleExtension(bool install)
    {
        var installed = facts.PromscaleExtensionInstalledVersion;
        var available = facts.PromscaleExtensionAvailableVersion;
        var range = _requirements.PromscaleExtensionVersions;
        if (!_requirements.PromscaleExtensionRequired)
        {
            Add(installed is not null && !range.Contains(installed)
                ? CheckResult.Warn(Ids.PromscaleExtension, $"The promscale extension {installed} is installed but outside Promscale {_version}'s range ({range}); Promscale continues without it.",
                    "nothing to do, or DROP EXTENSION promscale if nothing else uses it.")
                : CheckResult.Ok(Ids.PromscaleExtension, $"Promscale {_version} does not need the promscale extension ({(installed is null ? "not installed" : $"{installed} installed")})."));
            return;
        }

        var useTen = $"set {Env.PromscaleVersion}=0.10.0 (the last version without it, and the only one that runs on Scalingo) and redeploy, or use a PostgreSQL server that offers the promscale extension.";
        CheckResult check;
        if (installed is not null)
        {
            check = range.Contains(installed)
                ? CheckResult.Ok(Ids.PromscaleExtension, $"The promscale extension {installed} is installed ({range}).")
                : available is not null && range.Contains(available) && install
                    ? CheckResult.Warn(Ids.PromscaleExtension, $"The promscale extension {installed} is outside Promscale {_version}'s range ({range}); Promscale will update it to {available} at start.",
                        OtherConnectorsRunning ? _commands.ScaleToZeroProcedure(settings.Instances) : "nothing to do.")
                    : CheckResult.Fail(Ids.PromscaleExtension, ExitCodes.DatabaseIncompatible,
                        $"The promscale extension {installed} is outside Promscale {_version}'s range ({range}).",
                        $"run the Promscale version that matches it, or install a promscale extension {range} on the server.");
        }
        else if (available is null)
        {
            check = CheckResult.Fail(Ids.PromscaleExtension, ExitCodes.DatabaseIncompatible,
                $"Promscale {_version} requires the promscale database extension, which this server does not offer (Scalingo does not offer it).", useTen);
        }
        else if (install && CanCreateExtensions)
        {
            check = CheckResult.Warn(Ids.PromscaleExtension, $"The promscale extension {available} is available but not installed; Promscale will create it at start.",
                "nothing to do.");
        }
        else
        {
            check = CheckResult.Fail(Ids.PromscaleExtension, ExitCodes.DatabaseIncompatible,
                $"The promscale extension {available} is available but not installed, and Promscale will not create it ({(install ? $"role {facts.CurrentUser} may not create extensions" : $"{Env.InstallExtensions}=false")}).",
                "as the database owner run CREATE EXTENSION promscale; (needs CREATE on the database), or set " + Env.InstallExtensions + "=true.");
        }
        Add(check.With("available_version", available ?? "none").With("installed_version", installed ?? "none").With("accepted", range.ToString()));
    }

    private void CheckPrivileges()
    {
        Add(CheckResult.Ok(Ids.RolePrivileges,
                $"Role {facts.CurrentUser}: superuser {YesNo(facts.IsSuperuser)}, CREATEROLE {YesNo(facts.CanCreateRole)}, CREATE on database {facts.Database} {YesNo(facts.CanCreateInDatabase)}.")
            .With("superuser", facts.IsSuperuser).With("createrole", facts.CanCreateRole).With("create_on_database", facts.CanCreateInDatabase));

        if (_version.Era != PromscaleEra.SqlMigrations)
        {
            // From 0.11 on the promscale extension's install script creates the roles as the bootstrap superuser.
            Add(CheckResult.Ok(Ids.RoleCreateRole, $"Promscale {_version} does not need CREATEROLE (its extension creates the prom_* roles)."));
            return;
        }
        var role = OperatorCommands.QuoteIdentifier(facts.CurrentUser);
        var firstStart = !facts.SchemaVersionTableExists;
        var mayCreateRoles = facts.IsSuperuser || facts.CanCreateRole;
        if (firstStart && !mayCreateRoles)
        {
            Add(CheckResult.Fail(Ids.RoleCreateRole, ExitCodes.PermissionDenied,
                    $"Promscale {_version} creates its prom_* roles on its first start, and role {facts.CurrentUser} lacks CREATEROLE (PostgreSQL checks the privilege before it notices a role exists, so creating the roles beforehand does not help).",
                    $"an administrator runs ALTER ROLE {role} WITH CREATEROLE; (on Scalingo the default user cannot grant it to itself: ask support); after Promscale's first successful start, ALTER ROLE {role} WITH NOCREATEROLE;")
                .With("prom_roles_present", string.Join(",", facts.PromscaleRoles)));
        }
        else if (!firstStart && facts.CanCreateRole && !facts.IsSuperuser)
        {
            Add(CheckResult.Warn(Ids.RoleCreateRole,
                $"Promscale's schema and roles exist, so role {facts.CurrentUser} no longer needs CREATEROLE.",
                $"it is now safe to run ALTER ROLE {role} WITH NOCREATEROLE;"));
        }
        else
        {
            Add(CheckResult.Ok(Ids.RoleCreateRole, firstStart
                ? $"Role {facts.CurrentUser} may create Promscale's prom_* roles on the first start."
                : "Promscale's schema exists: CREATEROLE is not needed."));
        }
    }

    private IReadOnlyDictionary<string, string>? CheckConnectionBudget(out int budget)
    {
        // The launcher's maintenance pass holds one connection while it runs (Maintenance/MaintenancePass).
        var maintenance = settings.Maintenance.ExpectedToRun(facts.TimescaleDbLicense) ? 1 : 0;
        // Without overlap this container's previous generation is about to stop: only the other containers' budgets bind.
        var promised = settings.DeployOverlap ? _peers.Promised : _peers.PromisedToOtherContainers;
        var capacity = ConnectionCapacity.From(facts, settings.DbHeadroom, Instances, maintenance, Generations, promised);
        var minimum = PromscaleConnectionSettings.MinimumBudget(_version.Era);
        var arithmetic = $"max_connections {facts.MaxConnections} − reserved {facts.SuperuserReservedConnections + facts.ReservedConnections} − held by other clients {facts.OtherConnections} − headroom {settings.DbHeadroom}"
                         + (maintenance > 0 ? $" − launcher maintenance {maintenance}" : "")
                         + (capacity.LimitingFactor == "max_connections" ? "" : $", bounded by {capacity.LimitingFactor}")
                         + $" = {capacity.FreeForPromscale} for Promscale ({facts.PromscaleConnections} of them held by Promscale containers now)"
                         + $", shared by {Instances} container(s){(Generations > 1 ? " × 2 generations during a deploy" : "")} = {capacity.FairShare} each"
                         + (promised > 0 ? $"; the peers' budgets ({promised}) leave {capacity.Unpromised}" : "")
                         + $": {capacity.PerInstance} for this one";
        CheckResult check;
        budget = 0;
        if (settings.ConnectionsMax is { } explicitMax)
        {
            budget = explicitMax;
            if (explicitMax < minimum)
            {
                Add(Evidence(CheckResult.Fail(Ids.ConnectionBudget, ExitCodes.Configuration,
                    $"{Env.ConnectionsMax}={explicitMax} is below the {minimum} connections Promscale {_version} opens at start.",
                    $"set {Env.ConnectionsMax} to at least {minimum}, or unset it to let the launcher size it ({capacity.PerInstance} now)."), capacity, minimum));
                return null;
            }
            check = explicitMax > capacity.PerInstance
                ? CheckResult.Warn(Ids.ConnectionBudget,
                    $"{Env.ConnectionsMax}={explicitMax} is more than this instance's share of free connections ({arithmetic}): expect \"too many clients\" (SQLSTATE 53300) under load.",
                    $"lower {Env.ConnectionsMax} to {Math.Max(minimum, capacity.PerInstance)} or unset it, or free connections.")
                : CheckResult.Ok(Ids.ConnectionBudget, $"Promscale may open {explicitMax} connections ({Env.ConnectionsMax}); {arithmetic}.");
        }
        else if (capacity.PerInstance < minimum)
        {
            Add(Evidence(CheckResult.Fail(Ids.ConnectionBudget, ExitCodes.TemporaryFailure,
                $"Too few free connections: {arithmetic}, and Promscale {_version} needs at least {minimum}.",
                ShortageFix(capacity, minimum)),
                capacity, minimum));
            return null;
        }
        else
        {
            budget = capacity.PerInstance;
            check = CheckResult.Ok(Ids.ConnectionBudget, $"Promscale may open {budget} connections: {arithmetic}.");
        }
        var connectionSettings = PromscaleConnectionSettings.For(_version, budget, processorCount);
        var withSettings = Evidence(check, capacity, minimum);
        foreach (var (name, value) in connectionSettings)
        {
            withSettings = withSettings.With(name, value);
        }
        Add(withSettings);
        return connectionSettings;
    }

    /// <summary>
    /// The fix for the limit that binds: a bigger plan does not lift a role's or a database's CONNECTION LIMIT.
    /// ALTER ROLE … CONNECTION LIMIT needs a superuser or CREATEROLE (16+: with ADMIN OPTION on the role);
    /// ALTER DATABASE … CONNECTION LIMIT its owner or a superuser (PostgreSQL's ALTER ROLE / ALTER DATABASE pages).
    /// </summary>
    private string ShortageFix(ConnectionCapacity capacity, int minimum)
    {
        var needed = minimum * Instances * Generations;
        var freeOthers = $"free connections (see SELECT usename, application_name, backend_type, state FROM pg_stat_activity), lower {Env.Instances} or scale web down, lower {Env.DbHeadroom}";
        var serverToo = capacity.ServerAllows(needed) ? "" : $"; max_connections is short too: {freeOthers}, or move to a bigger PostgreSQL plan";
        // The headroom and the launcher's maintenance connection come on top of what Promscale needs.
        var reserved = settings.DbHeadroom + capacity.Maintenance;
        var maintenance = capacity.Maintenance > 0 ? $" + {capacity.Maintenance} for the launcher's maintenance" : "";
        return capacity.Limit switch
        {
            ConnectionLimit.Role =>
                $"raise role {facts.CurrentUser}'s CONNECTION LIMIT ({facts.RoleConnectionLimit}) to at least {facts.OtherRoleConnections + needed + reserved} (its {facts.OtherRoleConnections} other connection(s) + {needed} for Promscale + {settings.DbHeadroom} headroom{maintenance}): "
                + $"ALTER ROLE {OperatorCommands.QuoteIdentifier(facts.CurrentUser)} CONNECTION LIMIT {facts.OtherRoleConnections + needed + reserved}; run by a superuser or a role with CREATEROLE (PostgreSQL 16+: with ADMIN OPTION on it; on Scalingo: support); or close the role's other connections{serverToo}.",
            ConnectionLimit.Database =>
                $"raise database {facts.Database}'s CONNECTION LIMIT ({facts.DatabaseConnectionLimit}) to at least {facts.OtherDatabaseConnections + needed + reserved} (its {facts.OtherDatabaseConnections} other connection(s) + {needed} for Promscale + {settings.DbHeadroom} headroom{maintenance}): "
                + $"ALTER DATABASE {OperatorCommands.QuoteIdentifier(facts.Database)} CONNECTION LIMIT {facts.OtherDatabaseConnections + needed + reserved}; run by the database's owner or a superuser; or close other connections to it{serverToo}.",
            _ => $"{freeOthers}, or move to a bigger PostgreSQL plan (Scalingo allows 60 connections per GB of RAM).",
        };
    }

    private CheckResult Evidence(CheckResult check, ConnectionCapacity capacity, int minimum) => check
        .With("max_connections", facts.MaxConnections)
        .With("reserved_connections", facts.SuperuserReservedConnections + facts.ReservedConnections)
        .With("other_connections", facts.OtherConnections)
        .With("promscale_connections", facts.PromscaleConnections)
        .With("role_connection_limit", facts.RoleConnectionLimit)
        .With("database_connection_limit", facts.DatabaseConnectionLimit)
        .With("headroom", settings.DbHeadroom)
        .With("maintenance_connections", capacity.Maintenance)
        .With("instances", Instances)
        .With("generations", Generations)
        .With("peer_budgets", capacity.Promised)
        .With("fair_share", capacity.FairShare)
        .With("free_for_promscale", capacity.FreeForPromscale)
        .With("limit", capacity.Limit.ToEvidence())
        .With("minimum", minimum);

    private bool OtherConnectorsRunning => facts.SchemaLockHolders.Count > 0;

    private void CheckMigrationState()
    {
        var migrating = facts.SchemaLockHolders.FirstOrDefault(holder => holder.Exclusive && holder.Granted);
        if (migrating is not null)
        {
            Add(CheckResult.Fail(Ids.MigrationLock, ExitCodes.TemporaryFailure,
                    $"Another Promscale (pid {migrating.Pid}, application_name \"{migrating.ApplicationName}\") holds the schema migration lock: it is migrating the schema now.",
                    $"wait for it and restart this one; if it is stuck, stop it: SELECT pg_terminate_backend({migrating.Pid}); in {_commands.SqlConsole}.")
                .With("pid", migrating.Pid));
        }
        else
        {
            var sessions = facts.SchemaLockHolders.Select(holder => holder.Pid).Distinct().Count();
            Add(sessions == 0
                ? CheckResult.Ok(Ids.MigrationLock, "No other Promscale holds the schema lock.")
                : CheckResult.Ok(Ids.MigrationLock, $"{sessions} connection(s) of other Promscale instances hold the schema lease (other instances, or the previous release during a deploy).")
                    .With("lease_holders", sessions));
        }

        if (_version.Era != PromscaleEra.SqlMigrations)
        {
            return;
        }
        var target = _version.ToString();
        if (!facts.SchemaVersionTableExists)
        {
            Add(CheckResult.Ok(Ids.SchemaVersion, $"Fresh database: Promscale {target} installs its schema on its first start."));
        }
        else if (facts.SchemaVersion is not { } current)
        {
            Add(CheckResult.Warn(Ids.SchemaVersion, "Promscale's schema exists but its version could not be read (public.prom_schema_migrations).",
                $"grant SELECT on public.prom_schema_migrations to {facts.CurrentUser}, or check that the table belongs to Promscale."));
        }
        else if (VersionRange.Compare(current, target) == 0)
        {
            Add(CheckResult.Ok(Ids.SchemaVersion, $"The schema is at version {current}, as Promscale {target} expects."));
        }
        else if (VersionRange.Compare(current, target) > 0)
        {
            Add(CheckResult.Fail(Ids.SchemaVersion, ExitCodes.DatabaseIncompatible,
                $"The schema is at version {current}, newer than Promscale {target}: Promscale cannot downgrade it.",
                $"set {Env.PromscaleVersion}={current} and redeploy."));
        }
        else if (OtherConnectorsRunning)
        {
            Add(CheckResult.Fail(Ids.SchemaVersion, ExitCodes.TemporaryFailure,
                $"The schema must be upgraded from {current} to {target}, but other Promscale connectors are running: Promscale would fail with \"Failed to acquire the migration lock\".",
                _commands.ScaleToZeroProcedure(settings.Instances)));
        }
        else
        {
            Add(CheckResult.Warn(Ids.SchemaVersion, $"Promscale {target} will upgrade the schema from {current} at start; no other connector runs.",
                "nothing to do; take a backup first if you have none."));
        }
    }

    /// <summary>Which way the next start gets Promscale 0.10.0's schema (docs/first-install.md).</summary>
    public FirstInstallPlan? FirstInstall { get; private set; }

    private void CheckFirstInstall(bool install, bool upgrade)
    {
        FirstInstall = FirstInstallPlanner.Decide(_version, settings.FirstInstall, facts, install, upgrade);
        if (FirstInstall is { } plan)
        {
            Add(FirstInstallCheck.From(plan, _version, appName));
        }
    }

    private static string YesNo(bool value) => value ? "yes" : "no";
}
