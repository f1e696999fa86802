using Npgsql;

namespace PromscaleLauncher.Tests.Support.Postgres;

/// <summary>Open sessions kept by <see cref="PostgresCluster.HoldConnectionsAsync"/> until disposed.</summary>
internal sealed class HeldConnections : IAsyncDisposable
{
    private readonly List<NpgsqlConnection> _connections = [];

    public void Add(NpgsqlConnection connection) => _connections.Add(connection);

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        _connections.Clear();
    }
}
