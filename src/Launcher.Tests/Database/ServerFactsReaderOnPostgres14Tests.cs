using PromscaleLauncher.Tests.Support.Postgres;

namespace PromscaleLauncher.Tests.Database;

[Collection(PostgresCollections.V14)]
public sealed class ServerFactsReaderOnPostgres14Tests(Postgres14Fixture fixture)
{
    [PostgresFact(PostgresVersion.V14)]
    public Task Reads_every_fact_without_type_loading_as_with_it() =>
        ServerFactsWithoutTypeLoading.AssertSameAsWithTypeLoadingAsync(fixture.Cluster);
}
