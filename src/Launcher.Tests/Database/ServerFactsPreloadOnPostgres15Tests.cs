using PromscaleLauncher.Database;
using PromscaleLauncher.Tests.Support.Postgres;

namespace PromscaleLauncher.Tests.Database;

/// <summary>
/// The preload tell read from pg_settings (docs/timescaledb.md, corrections box), against the native stand-in library of
/// PostgreSQL 15: loaded, not loaded, and its setting placed in postgresql.conf without it (the placeholder that
/// current_setting(…, true) answers for), and the same library built for PostgreSQL 14 (StandIn/native/pg14_abi.h).
/// PostgreSQL 17 has only the SQL stand-in and cannot show a loaded library.
/// </summary>
public sealed class ServerFactsPreloadOnPostgres15Tests(TimescaleDbStandInFixture fixture) : IClassFixture<TimescaleDbStandInFixture>
{
    private static async Task<ServerFacts> ReadAsync(PostgresCluster cluster)
    {
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        await using var connection = await cluster.OpenAsync(PostgresCluster.CreatorRole, database);
        return await ServerFactsReader.ReadAsync(connection, CancellationToken.None);
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Reads_the_library_as_preloaded_when_it_is()
    {
        var facts = await ReadAsync(await fixture.Pg15Preloaded);

        Assert.True(facts.TimescaleDbPreloaded);
        Assert.Equal("16", facts.TimescaleDbPreloadSetting);
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Reads_the_library_as_not_preloaded_when_it_is_not()
    {
        var facts = await ReadAsync(await fixture.Pg15NotPreloaded);

        Assert.False(facts.TimescaleDbPreloaded);
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Is_not_fooled_by_the_setting_in_postgresql_conf_without_the_library()
    {
        var facts = await ReadAsync(await fixture.Pg15SettingWithoutLibrary);

        Assert.False(facts.TimescaleDbPreloaded);
        Assert.Null(facts.TimescaleDbPreloadSetting);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Reads_the_library_preloaded_on_PostgreSQL_14_as_preloaded()
    {
        var facts = await ReadAsync(await fixture.Pg14Preloaded);

        Assert.True(facts.TimescaleDbPreloaded);
        Assert.Equal("16", facts.TimescaleDbPreloadSetting);
    }

    [PostgresFact(PostgresVersion.V15)]
    public async Task Reads_the_owner_and_the_hypertables_of_TimescaleDB()
    {
        var cluster = await fixture.Pg15Preloaded;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        await using var connection = await cluster.OpenAsync(PostgresCluster.CreatorRole, database);
        await using (var command = new Npgsql.NpgsqlCommand(
            "CREATE EXTENSION timescaledb; CREATE TABLE readings (time timestamptz NOT NULL, value float8); SELECT create_hypertable('readings', 'time')", connection))
        {
            await command.ExecuteNonQueryAsync();
        }

        var facts = await ServerFactsReader.ReadAsync(connection, CancellationToken.None);

        Assert.Equal((PostgresCluster.CreatorRole, 1), (facts.TimescaleDbOwner, facts.Hypertables));
    }
}
