using Npgsql;
using PromscaleLauncher.FakePromscale.Flags;
using PromscaleLauncher.FakePromscale.Logging;
using PromscaleLauncher.FakePromscale.Versions;

namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>
/// 0.10's connector-run SQL migration (docs/promscale.md §3.2, §3.5), reduced to its observable effects: the five
/// <c>prom_*</c> roles created by the connecting user (so CREATEROLE is required even when they exist, since
/// PostgreSQL checks the privilege first), and <c>public.prom_schema_migrations</c> holding the version.
/// The optional <c>promscale</c> extension is then tried and only warns.
/// </summary>
internal sealed class LegacySchemaMigration(PromscaleVersion version, PromscaleSettings settings, PromscaleLogger log)
{
    /// <summary>The preinstall script's role creation: duplicate roles are tolerated, missing privilege is not.</summary>
    private static readonly string[] _usersScript =
    [
        .. new[] { "prom_reader", "prom_writer", "prom_modifier", "prom_admin", "prom_maintenance" }.Select(role => $"""
            DO $$
                BEGIN
                    CREATE ROLE {role};
                EXCEPTION WHEN duplicate_object THEN
                    RAISE NOTICE 'role {role} already exists, skipping create';
                    RETURN;
                END
            $$;
            """),
        "GRANT prom_reader TO prom_writer",
        "GRANT prom_reader TO prom_maintenance",
        "GRANT prom_writer TO prom_modifier",
        "GRANT prom_modifier TO prom_admin",
        "GRANT prom_maintenance TO prom_admin",
    ];

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
            foreach (var statement in _usersScript)
            {
                await Chain(() => connection.ExecuteAsync(statement, cancellationToken), "preinstall/001-users.sql");
            }

            await Chain(() => connection.ExecuteAsync("CREATE TABLE public.prom_schema_migrations (version text NOT NULL PRIMARY KEY)", cancellationToken), "preinstall/002-schemas.sql");
            await Chain(() => connection.ExecuteAsync($"INSERT INTO public.prom_schema_migrations (version) VALUES ('{version.Text}')", cancellationToken), "preinstall/002-schemas.sql");
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
