using System.Globalization;
using Npgsql;
using PromscaleLauncher.FakePromscale.Logging;
using PromscaleLauncher.FakePromscale.Versions;

namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>
/// <c>pgmodel.CheckDependencies</c> (docs/promscale.md §3.1 step 6, §3.3, §3.4): PostgreSQL, TimescaleDB, the promscale
/// extension (0.11+) or the schema version (0.10). Runs after the DDL. Errors carry the <c>dependency error:</c> prefix.
/// </summary>
internal sealed class DependencyCheck(PromscaleVersion version, PromscaleLogger log)
{
    public async Task RunAsync(NpgsqlConnection connection, bool migrationLockFailed, bool migrated, CancellationToken cancellationToken)
    {
        var serverVersion = int.Parse(await connection.ScalarAsync<string>("SHOW server_version_num", cancellationToken) ?? "0", CultureInfo.InvariantCulture);
        if (serverVersion < 120000 || serverVersion >= version.PostgresMajorExclusive * 10000)
        {
            throw new StartupFailure($"dependency error: problem checking PostgreSQL version: Incompatible postgresql version. Supported server version >=12.x <{version.PostgresMajorExclusive}.x");
        }

        var timescale = await ExtensionState.ReadAsync(connection, "timescaledb", cancellationToken);
        if (timescale.Installed)
        {
            if (!SemanticVersion.TryParse(timescale.InstalledVersion, out var installed) || !version.TimescaleDbRange.Contains(installed))
            {
                throw new StartupFailure($"dependency error: problem with extension: incompatible Timescaledb version: {timescale.InstalledVersion}. Expected version within >={version.TimescaleDbRange.Minimum} to <{version.TimescaleDbRange.MaximumExclusive}");
            }
        }
        else if (!version.IsLegacy)
        {
            throw new StartupFailure("dependency error: problem with extension: the timescaledb extension is not installed, unable to run Promscale without timescaledb");
        }
        else
        {
            log.Warn("client.go:112", ("msg", "Running Promscale without TimescaleDB. Some features will be disabled."));
        }

        if (version.IsLegacy)
        {
            await CheckSchemaVersionAsync(connection, migrationLockFailed, cancellationToken);
        }
        else
        {
            await CheckPromscaleExtensionAsync(connection, migrationLockFailed || !migrated, cancellationToken);
        }
    }

    private async Task CheckSchemaVersionAsync(NpgsqlConnection connection, bool migrationLockFailed, CancellationToken cancellationToken)
    {
        string? current;
        try
        {
            current = await connection.ScalarAsync<string>("SELECT version FROM prom_schema_migrations LIMIT 1", cancellationToken);
        }
        catch (PgxException ex)
        {
            throw new StartupFailure($"dependency error: Error while comparing schema version: {ex.Message}");
        }

        if (current == version.Text)
        {
            return;
        }

        // The wording only exists up to 0.10.0 (pkg/pgmodel/migrate.go@0.10.0), docs/promscale.md §3.4.
        throw new StartupFailure(migrationLockFailed
            ? $"dependency error: Failed to acquire the migration lock to upgrade the schema version and unable to run with the old version. Please ensure that no other Promscale connectors with the old schema version are running. Received schema version {current} but expected {version.Text}"
            : $"dependency error: Error while comparing schema version: received schema version {current} but expected {version.Text}");
    }

    private async Task CheckPromscaleExtensionAsync(NpgsqlConnection connection, bool couldNotMigrate, CancellationToken cancellationToken)
    {
        var promscale = await ExtensionState.ReadAsync(connection, "promscale", cancellationToken);
        var range = version.PromscaleExtensionRange;
        if (!promscale.Installed)
        {
            throw new StartupFailure("dependency error: problem checking promscale extension version: promscale extension is required but is not installed");
        }

        if (!SemanticVersion.TryParse(promscale.InstalledVersion, out var installed) || !range.Contains(installed))
        {
            throw new StartupFailure($"dependency error: problem checking promscale extension version: promscale extension is installed but on an unsupported version: {promscale.InstalledVersion}. Expected: {range.Text}");
        }

        var target = promscale.TargetVersion(range);
        if (couldNotMigrate && SemanticVersion.TryParse(target, out var available) && available > installed)
        {
            log.Warn("extension.go:298", ("msg", "Unable to install/update the Promscale extension; failed to acquire the lock. Ensure there are no other connectors running and try again."));
        }
    }
}
