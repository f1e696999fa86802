using Npgsql;

namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>
/// A pgxpool stand-in holding real connections: the minimum is opened eagerly and kept, more are opened on
/// demand up to the maximum, a connection that failed is dropped (pgx destroys it) and replaced lazily — unless the pool
/// <see cref="StaysBrokenAfterConnectionLoss"/>: then, once a connection was lost (the server closed it, e.g. a database
/// restart), every later use fails with pgx's <c>conn closed</c>, even after the database is back, as Promscale does
/// (timescale/promscale#387, #850; README "After a lost database connection").
/// </summary>
internal sealed class ConnectionPool(string name, int maximum, Func<CancellationToken, Task<NpgsqlConnection>> open) : IAsyncDisposable
{
    private readonly Stack<NpgsqlConnection> _idle = new();
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _slots = new(Math.Max(1, maximum));
    private int _open;
    private volatile bool _lost;
    private int _usesBeforeLoss = -1;

    /// <summary>Whether a lost connection breaks the pool for good (the 0.10.0 profile's default).</summary>
    public bool StaysBrokenAfterConnectionLoss { get; set; }

    /// <summary>Test knob: the pool behaves as lost after this many successful uses (FAKE_PROMSCALE_CONNECTION_LOST_AFTER).</summary>
    public void LoseConnectionAfter(int uses) => _usesBeforeLoss = uses;

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
            if (_lost || (_usesBeforeLoss >= 0 && Interlocked.Decrement(ref _usesBeforeLoss) < 0))
            {
                _lost = true;
                throw new PgxException("conn closed");
            }

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
                // Broken: the server ended the session (FATAL 57P01 on a restart) or the socket died.
                if (StaysBrokenAfterConnectionLoss
                    && (connection.FullState.HasFlag(System.Data.ConnectionState.Broken) || connection.State == System.Data.ConnectionState.Closed))
                {
                    _lost = true;
                }

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
