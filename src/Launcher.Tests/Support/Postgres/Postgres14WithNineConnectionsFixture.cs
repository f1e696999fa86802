namespace PromscaleLauncher.Tests.Support.Postgres;

/// <summary>
/// A PostgreSQL 14 with max_connections 9 and superuser_reserved_connections 3: six ordinary slots, so a test can
/// reach the edge of the budget, or fill every ordinary slot, with a handful of sessions.
/// </summary>
public sealed class Postgres14WithNineConnectionsFixture()
    : PostgresClusterFixture(new PostgresClusterOptions(PostgresVersion.V14) { MaxConnections = 9, SuperuserReservedConnections = 3 });
