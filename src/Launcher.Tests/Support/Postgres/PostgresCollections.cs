namespace PromscaleLauncher.Tests.Support.Postgres;

/// <summary>
/// Names of the xunit collections that share one cluster each. Tests in a collection run one after
/// another, so a test may change cluster-wide state (use up connection slots, create roles) as long
/// as it restores it; prefer <see cref="PostgresCluster.CreateDatabaseAsync"/> and
/// <see cref="PostgresCluster.CreateRoleAsync"/> over changing the shared "app" database.
/// <code>
/// [Collection(PostgresCollections.V15)]
/// public sealed class SomeTests(Postgres15Fixture fixture)
/// {
///     [PostgresFact(PostgresVersion.V15)]
///     public async Task Something() { var cluster = fixture.Cluster; ... }
/// }
/// </code>
/// </summary>
public static class PostgresCollections
{
    public const string V14 = "pg14";
    public const string V15 = "pg15";
    public const string V17 = "pg17";

    /// <summary>PostgreSQL 15 without the TimescaleDB preload emulation.</summary>
    public const string V15WithoutPreload = "pg15-without-preload";
}
