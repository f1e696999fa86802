namespace PromscaleLauncher.Tests.Support.Postgres;

[CollectionDefinition(PostgresCollections.V14)]
public sealed class Postgres14Collection : ICollectionFixture<Postgres14Fixture>;
