namespace PromscaleLauncher.Tests.Support.Postgres;

public sealed class Postgres15Fixture() : PostgresClusterFixture(new PostgresClusterOptions(PostgresVersion.V15));
