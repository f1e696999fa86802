namespace PromscaleLauncher.Tests.Support.Postgres;

public sealed class Postgres17Fixture() : PostgresClusterFixture(new PostgresClusterOptions(PostgresVersion.V17));
