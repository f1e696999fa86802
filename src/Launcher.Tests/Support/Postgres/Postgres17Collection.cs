namespace PromscaleLauncher.Tests.Support.Postgres;

[CollectionDefinition(PostgresCollections.V17)]
public sealed class Postgres17Collection : ICollectionFixture<Postgres17Fixture>;
