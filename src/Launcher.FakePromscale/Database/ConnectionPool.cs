using Npgsql;

namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>
/// A pgxpool stand-in holding real connections: the minimum is opened eagerly and kept, more are opened on
/// demand up to the maximum, a connection that failed is dropped (pgx destroys it) and replaced lazily.
/// </summary>
internal sealed class ConnectionPool(string name, int maximum, Func<CancellationToken, Task<NpgsqlConnection>> open) : IAsyncDisposable
{
    private readonly Stack<NpgsqlConnection> _idle = new();
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _slots = new(Math.Max(1, maximum));
    private int _open;

    public string Name { get; } = name;

    public int Maximum { get; } = maximum;

    public int OpenConnections => Volatile.Read(ref _open);

    public async Task OpenMinimumAsync(int minimum, CancellationToken cancellationToken)
    {
        for (var i = 0; i < minimum; i++)
        {
            var connection = await open(cancellationToken);
            lock (_gate)
            {
                _idle.Push(connection);
                _open++;
            }
        }
    }

    public async Task<T> UseAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            NpgsqlConnection? connection = null;
            lock (_gate)
            {
                if (_idle.Count > 0)
                {
                    connection = _idle.Pop();
                }
            }

            if (connection is null)
            {
                connection = await open(cancellationToken);
                Interlocked.Increment(ref _open);
            }

            try
            {
                var result = await work(connection);
                lock (_gate)
                {
                    _idle.Push(connection);
                }

                return result;
            }
            catch
            {
                Interlocked.Decrement(ref _open);
                await connection.DisposeAsync();
                throw;
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<NpgsqlConnection> connections;
        lock (_gate)
        {
            connections = [.. _idle];
            _idle.Clear();
        }

        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        _slots.Dispose();
    }
}
