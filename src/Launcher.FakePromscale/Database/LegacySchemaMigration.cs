using Npgsql;
using PromscaleLauncher.FakePromscale.Flags;
using PromscaleLauncher.FakePromscale.Logging;
using PromscaleLauncher.FakePromscale.Versions;

namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>
/// 0.10's connector-run SQL migration (docs/promscale.md §3.2, §3.5, §10): on a fresh database the stand-in scripts of
/// <see cref="LegacySchemaScripts"/> and <c>public.prom_schema_migrations</c> = the version, in one transaction. What
/// the scripts do follows the database, as the real SQL does: TimescaleDB created there (≥ 2.14, no
/// <c>timescaledb_information.data_nodes</c>) fails <c>preinstall/010-tracing.sql</c> and rolls everything back.
/// The optional <c>promscale</c> extension is then tried and only warns.
/// </summary>
internal sealed class LegacySchemaMigration(PromscaleVersion version, PromscaleSettings settings, PromscaleLogger log)
{
    public async Task RunAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var current = await SchemaVersionReader.ReadAsync(connection, cancellationToken);
        if (current is null)
        {
            await InstallAsync(connection, cancellationToken);
        }
        else if (SemanticVersion.TryParse(current, out var installed) && SemanticVersion.TryParse(version.Text, out var wanted) && installed < wanted)
        {
            await Chain(() => connection.ExecuteAsync($"UPDATE public.prom_schema_migrations SET version = '{version.Text}'", cancellationToken), $"versions/{version.Text}");
        }

        await InstallOptionalExtensionAsync(connection, cancellationToken);
    }

    private async Task InstallAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync("BEGIN", cancellationToken);
        try
        {
            foreach (var script in LegacySchemaScripts.InOrder)
            {
                await Chain(() => connection.ExecuteAsync(LegacySchemaScripts.Read(script), cancellationToken), script);
                if (script == LegacySchemaScripts.Schemas)
                {
                    await Chain(() => connection.ExecuteAsync("CREATE TABLE public.prom_schema_migrations (version text NOT NULL PRIMARY KEY)", cancellationToken), script);
                }
            }

            await Chain(() => connection.ExecuteAsync($"INSERT INTO public.prom_schema_migrations (version) VALUES ('{version.Text}')", cancellationToken), LegacySchemaScripts.InOrder[^1]);
            await connection.ExecuteAsync("COMMIT", cancellationToken);
        }
        catch
        {
            await TryRollbackAsync(connection);
            throw;
        }
    }

    private async Task InstallOptionalExtensionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string Caller = "extension.go:118";
        if (!settings.InstallExtensions)
        {
            return;
        }

        var state = await ExtensionState.ReadAsync(connection, "promscale", cancellationToken);
        var range = version.PromscaleExtensionRange;
        if (!state.Available)
        {
            log.Warn(Caller, ("msg", "could not install promscale: the extension is not available. continuing without extension"));
            return;
        }

        var target = state.TargetVersion(range);
        if (target is null)
        {
            log.Warn(Caller, ("msg", $"could not install promscale: The promscale extension is not available at the right version, need version: {range.Text} and the default version is {state.DefaultVersion} . continuing without extension"));
            return;
        }

        if (state.Installed)
        {
            return;
        }

        try
        {
            await connection.ExecuteAsync($"CREATE EXTENSION IF NOT EXISTS promscale VERSION '{target}'", cancellationToken);
            log.Info("extension.go:232", ("msg", $"successfully created promscale extension at version {target}"));
        }
        catch (PgxException ex)
        {
            log.Warn(Caller, ("msg", $"could not install promscale: {ex.Message}. continuing without extension"));
        }
    }

    private static async Task Chain(Func<Task> statement, string scriptName)
    {
        try
        {
            await statement();
        }
        catch (PgxException ex)
        {
            throw new StartupFailure($"migration error: Error while trying to migrate DB: Error encountered during migration: error executing migration script: name {scriptName}, err {ex.Message}");
        }
    }

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
