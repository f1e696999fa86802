using PromscaleLauncher.Tests.FakePromscale.Support;
using PromscaleLauncher.Tests.Support.Postgres;

namespace PromscaleLauncher.Tests.FakePromscale;

/// <summary>
/// The 0.10 profile's migration on PostgreSQL 15 with the preloadable (native) TimescaleDB stand-in, defaulting to
/// 2.23.1 as Scalingo ships there (docs/promscale.md §10.1). <c>-migrate=only</c> exits before 0.10.0 checks the
/// PostgreSQL version, so this is what the launcher's first install meets on 15.
/// </summary>
[Collection(PostgresCollections.V15)]
public sealed class LegacyMigrationOnPostgres15Tests(Postgres15Fixture fixture)
{
    private PostgresCluster Cluster => fixture.Cluster;

    [PostgresFact(PostgresVersion.V15)]
    public async Task Fails_with_the_data_nodes_chain_and_leaves_nothing_when_TimescaleDB_2_23_is_created_native_stand_in()
    {
        var database = await Cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        await Cluster.EnableTimescaleDbAsync(database);

        await LegacyMigrationFailures.AssertMigrateOnlyFailsOnDataNodesAsync(Cluster, database);
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Installs_before_TimescaleDB_then_new_metrics_are_hypertables_whose_old_chunks_maintenance_drops_native_stand_in()
    {
        var database = await Cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        await PromscaleSchema.MigrateOnlyAsync(Cluster, PostgresCluster.CreatorRole, database);
        await using var connection = await Cluster.OpenAsync(PostgresCluster.CreatorRole, database);
        // As on Scalingo: the database's owner creates TimescaleDB (trusted), after the schema.
        await SqlQueries.ExecuteAsync(connection, "CREATE EXTENSION timescaledb");

        await LegacyMaintenanceScenario.RunAsync(connection);
    }
}
