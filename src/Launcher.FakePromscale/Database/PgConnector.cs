using Npgsql;

namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>Opens real backend connections, once, without retry (docs/promscale.md §6.3); failures become pgx texts.</summary>
internal sealed class PgConnector(PgxConnectionConfig config) : IAsyncDisposable
{
    // One data source per process; no type loading (fewer round trips per connection, only built-in types are read).
    private readonly NpgsqlDataSource _dataSource = new NpgsqlDataSourceBuilder(config.ToNpgsqlConnectionString())
        .ConfigureTypeLoading(typeLoading => typeLoading.EnableTypeLoading(false))
        .Build();

    public PgxConnectionConfig Config { get; } = config;

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = _dataSource.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException)
        {
            await connection.DisposeAsync();
            throw new PgxException(PgxErrorText.ForConnect(Config, ex), ex);
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
