using Npgsql;

namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>Opens real backend connections, once, without retry (contract §6.3); failures become pgx texts.</summary>
internal sealed class PgConnector(PgxConnectionConfig config)
{
    private readonly string _connectionString = config.ToNpgsqlConnectionString();

    public PgxConnectionConfig Config { get; } = config;

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
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
}
