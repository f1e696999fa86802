using PromscaleLauncher.Tests.Support.Postgres;

namespace PromscaleLauncher.Tests.Database;

[Collection(PostgresCollections.V15)]
public sealed class ServerFactsReaderOnPostgres15Tests(Postgres15Fixture fixture)
{
    [PostgresFact(PostgresVersion.V15)]
    public Task Reads_every_fact_without_type_loading_as_with_it() =>
        ServerFactsWithoutTypeLoading.AssertSameAsWithTypeLoadingAsync(fixture.Cluster);
}
