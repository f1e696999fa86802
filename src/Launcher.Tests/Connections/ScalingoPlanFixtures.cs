using PromscaleLauncher.Tests.Support.Postgres;

namespace PromscaleLauncher.Tests.Connections;

/// <summary>PostgreSQL 14 as a Scalingo 512 MB plan: max_connections 30, 3 reserved for superusers.</summary>
public sealed class Postgres14With30ConnectionsFixture()
    : PostgresClusterFixture(new PostgresClusterOptions(PostgresVersion.V14) { MaxConnections = 30, SuperuserReservedConnections = 3 });

/// <summary>PostgreSQL 14 as a Scalingo 1 GB plan: max_connections 60, 3 reserved for superusers.</summary>
public sealed class Postgres14With60ConnectionsFixture()
    : PostgresClusterFixture(new PostgresClusterOptions(PostgresVersion.V14) { MaxConnections = 60, SuperuserReservedConnections = 3 });

/// <summary>PostgreSQL 15 with the TimescaleDB stand-in as a Scalingo 1 GB plan: max_connections 60.</summary>
public sealed class Postgres15With60ConnectionsFixture()
    : PostgresClusterFixture(new PostgresClusterOptions(PostgresVersion.V15) { MaxConnections = 60, SuperuserReservedConnections = 3 });

/// <summary>PostgreSQL 14 with few slots, to run out of them on purpose: max_connections 16, 3 reserved.</summary>
public sealed class Postgres14With16ConnectionsFixture()
    : PostgresClusterFixture(new PostgresClusterOptions(PostgresVersion.V14) { MaxConnections = 16, SuperuserReservedConnections = 3 });
