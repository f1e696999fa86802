using Npgsql;
using PromscaleLauncher.Database;
using PromscaleLauncher.Tests.Support;
using PromscaleLauncher.Tests.Support.Postgres;

namespace PromscaleLauncher.Tests.Database;

/// <summary>
/// The preflight's data source does not load the server's types (PreflightDataSource): every fact must read the
/// same as through a plain Npgsql connection, which does.
/// </summary>
internal static class ServerFactsWithoutTypeLoading
{
    public static async Task AssertSameAsWithTypeLoadingAsync(PostgresCluster cluster)
    {
        // A database with something in every fact: TimescaleDB, Promscale's schema version, its lock held.
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        await cluster.EnableTimescaleDbAsync(database);
        await using var promscale = await cluster.OpenAsync(PostgresCluster.CreatorRole, database);
        await using (var command = new NpgsqlCommand(
            """
            CREATE TABLE public.prom_schema_migrations (version text NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
            INSERT INTO public.prom_schema_migrations VALUES ('0.10.0', false);
            SET application_name = 'promscale@0.10.0';
            SELECT pg_advisory_lock(5585198506344173278);
            """, promscale))
        {
            await command.ExecuteNonQueryAsync();
        }
        var settings = SettingsExamples.Scalingo(
            ("SCALINGO_POSTGRESQL_URL", cluster.UrlFor(PostgresCluster.CreatorRole, database, "sslmode=disable")),
            ("PROMSCALE_LAUNCHER_ALLOW_INSECURE_DB", "true"));

        // Both connections open before either reads, so that each counts the other among the connections.
        await using var dataSource = PreflightDataSource.Create(settings);
        await using var preflightConnection = await dataSource.OpenConnectionAsync();
        await using var plainConnection = await cluster.OpenAsync(PostgresCluster.CreatorRole, database);
        var withoutTypes = await ServerFactsReader.ReadAsync(preflightConnection, CancellationToken.None);
        var withTypes = await ServerFactsReader.ReadAsync(plainConnection, CancellationToken.None);

        Assert.Equal(Scalars(withTypes), Scalars(withoutTypes));
        Assert.Equal(withTypes.PromscaleRoles, withoutTypes.PromscaleRoles);
        Assert.Equal(withTypes.SchemaLockHolders, withoutTypes.SchemaLockHolders);
        Assert.Equal(withTypes.PromscaleSessions, withoutTypes.PromscaleSessions);
        Assert.Equal("0.10.0", withoutTypes.SchemaVersion);
        Assert.NotNull(withoutTypes.TimescaleDbInstalledVersion);
        var holder = Assert.Single(withoutTypes.SchemaLockHolders);
        Assert.Equal(new SchemaLockHolder(promscale.ProcessID, true, true, "promscale@0.10.0"), holder);
    }

    // The lists compare by reference in a record: the same empty ones on both sides, compared apart.
    private static ServerFacts Scalars(ServerFacts facts) =>
        facts with { PromscaleRoles = Array.Empty<string>(), SchemaLockHolders = Array.Empty<SchemaLockHolder>(), PromscaleSessions = _noSessions };

    private static readonly Dictionary<string, int> _noSessions = [];
}
