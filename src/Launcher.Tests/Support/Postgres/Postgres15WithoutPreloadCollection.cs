namespace PromscaleLauncher.Tests.Support.Postgres;

[CollectionDefinition(PostgresCollections.V15WithoutPreload)]
public sealed class Postgres15WithoutPreloadCollection : ICollectionFixture<Postgres15WithoutPreloadFixture>;
