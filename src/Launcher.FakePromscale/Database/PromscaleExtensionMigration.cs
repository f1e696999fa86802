using Npgsql;
using PromscaleLauncher.FakePromscale.Flags;
using PromscaleLauncher.FakePromscale.Logging;
using PromscaleLauncher.FakePromscale.Versions;

namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>
/// 0.11+ migration: the <c>promscale</c> extension does the schema work and is mandatory (docs/promscale.md §3.1 step 4,
/// §3.6). The fake creates or updates the extension inside one transaction and reports failures with Promscale's chains.
/// </summary>
internal sealed class PromscaleExtensionMigration(PromscaleVersion version, PromscaleSettings settings, PromscaleLogger log)
{
    private const string Caller = "extension.go:232";
    private const string ChainPrefix = "migration error: failed to install/upgrade promscale extension: error encountered while migrating extension: ";
    private const string NotInstalled = ChainPrefix + "problem checking promscale extension version: promscale extension is required but is not installed";

    public async Task RunAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var timescale = await ExtensionState.ReadAsync(connection, "timescaledb", cancellationToken);
        if (!version.IsLegacy && !timescale.Installed)
        {
            throw new StartupFailure(ChainPrefix + "the timescaledb extension is not installed, unable to run Promscale without timescaledb");
        }

        var promscale = await ExtensionState.ReadAsync(connection, "promscale", cancellationToken);
        var range = version.PromscaleExtensionRange;
        if (!promscale.Available && !promscale.Installed)
        {
            log.Warn("migrate.go:62", ("msg", "as of Promscale version 0.11.0, the Promscale database extension is mandatory. please install the latest version of this extension in your TimescaleDB/PostgreSQL database in order to proceed."));
            throw new StartupFailure("migration error: error while checking for supported and available promscale extension versions: the extension is not available");
        }

        var target = promscale.TargetVersion(range);
        if (target is null && !promscale.Installed)
        {
            throw new StartupFailure($"migration error: error while checking for supported and available promscale extension versions: The promscale extension is not available at the right version, need version: {range.Text} and the default version is {promscale.DefaultVersion} ");
        }

        var legacyTable = await SchemaVersionReader.TableExistsAsync(connection, cancellationToken);
        if (legacyTable)
        {
            log.Info("migrate.go:121", ("msg", "upgrading old version of Promscale to version 0.11.0, the Promscale database extension is required moving forward"));
        }

        if (!settings.InstallExtensions)
        {
            if (!promscale.Installed)
            {
                log.Info(Caller, ("msg", "skipping promscale extension install as install extension is disabled."));
                throw new StartupFailure(NotInstalled);
            }
        }
        else
        {
            await InstallOrUpdateAsync(connection, promscale, target, legacyTable, cancellationToken);
        }

        var installed = await connection.ScalarAsync<string>("SELECT extversion FROM pg_extension WHERE extname = 'promscale'", cancellationToken);
        if (installed is null)
        {
            throw new StartupFailure(NotInstalled);
        }

        if (!SemanticVersion.TryParse(installed, out var installedVersion) || !range.Contains(installedVersion))
        {
            throw new StartupFailure($"{ChainPrefix}problem checking promscale extension version: promscale extension is installed but on an unsupported version: {installed}. Expected: {range.Text}");
        }
    }

    private async Task InstallOrUpdateAsync(NpgsqlConnection connection, ExtensionState promscale, string? target, bool dropLegacyTable, CancellationToken cancellationToken)
    {
        var statement = !promscale.Installed
            ? $"CREATE EXTENSION IF NOT EXISTS promscale VERSION '{target}'"
            : settings.UpgradeExtensions && target is not null && IsNewer(target, promscale.InstalledVersion)
                ? $"ALTER EXTENSION promscale UPDATE TO '{target}'"
                : null;
        if (statement is null && !dropLegacyTable)
        {
            return;
        }

        await connection.ExecuteAsync("BEGIN", cancellationToken);
        try
        {
            if (statement is not null)
            {
                await connection.ExecuteAsync(statement, cancellationToken);
            }

            if (dropLegacyTable)
            {
                await connection.ExecuteAsync("DROP TABLE IF EXISTS public.prom_schema_migrations", cancellationToken);
            }

            await connection.ExecuteAsync("COMMIT", cancellationToken);
        }
        catch (PgxException ex)
        {
            await TryRollbackAsync(connection);
            log.Warn("extension.go:103", ("msg", $"could not install promscale: {ex.Message}. continuing without extension"));
            return;
        }

        log.Info(Caller, ("msg", promscale.Installed
            ? $"successfully updated promscale extension from {promscale.InstalledVersion} to {target}"
            : $"successfully created promscale extension at version {target}"));
    }

    private static bool IsNewer(string candidate, string? current)
        => SemanticVersion.TryParse(candidate, out var wanted) && SemanticVersion.TryParse(current, out var have) && wanted > have;

    private static async Task TryRollbackAsync(NpgsqlConnection connection)
    {
        try
        {
            await connection.ExecuteAsync("ROLLBACK", CancellationToken.None);
        }
        catch (PgxException)
        {
        }
    }
}
