namespace PromscaleLauncher.Tests.Support.Postgres;

public sealed class Postgres14Fixture() : PostgresClusterFixture(new PostgresClusterOptions(PostgresVersion.V14));
