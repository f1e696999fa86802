namespace PromscaleLauncher.Tests.Support.Postgres;

public sealed class Postgres15WithoutPreloadFixture()
    : PostgresClusterFixture(new PostgresClusterOptions(PostgresVersion.V15) { TimescaleDbPreloaded = false });
