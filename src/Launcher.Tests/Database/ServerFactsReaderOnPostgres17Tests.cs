using PromscaleLauncher.Tests.Support.Postgres;

namespace PromscaleLauncher.Tests.Database;

[Collection(PostgresCollections.V17)]
public sealed class ServerFactsReaderOnPostgres17Tests(Postgres17Fixture fixture)
{
    [PostgresFact(PostgresVersion.V17)]
    public Task Reads_every_fact_without_type_loading_as_with_it() =>
        ServerFactsWithoutTypeLoading.AssertSameAsWithTypeLoadingAsync(fixture.Cluster);
}
