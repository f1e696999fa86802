namespace PromscaleLauncher.Tests.Support.Postgres;

[CollectionDefinition(PostgresCollections.V15)]
public sealed class Postgres15Collection : ICollectionFixture<Postgres15Fixture>;
