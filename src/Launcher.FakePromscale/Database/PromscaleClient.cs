using PromscaleLauncher.FakePromscale.Logging;

namespace PromscaleLauncher.FakePromscale.Database;

/// <summary><c>pgclient.Client</c>: the pools that live as long as the process serves.</summary>
internal sealed class PromscaleClient(ConnectionPool? maintenance, ConnectionPool? writer, ConnectionPool reader, PromscaleLogger log) : IAsyncDisposable
{
    public ConnectionPool? Maintenance { get; } = maintenance;

    /// <summary>Null in read-only mode; the single pool of ≤ 0.12 is both writer and reader.</summary>
    public ConnectionPool? Writer { get; } = writer;

    public ConnectionPool Reader { get; } = reader;

    /// <summary>How the pools take a lost connection (<see cref="ConnectionPool.StaysBrokenAfterConnectionLoss"/>).</summary>
    public void StayBrokenAfterConnectionLoss(bool staysBroken)
    {
        foreach (var pool in new[] { Maintenance, Writer, Reader }.OfType<ConnectionPool>().Distinct())
        {
            pool.StaysBrokenAfterConnectionLoss = staysBroken;
        }
    }

    /// <summary><c>client.Close()</c>: logs <c>Shutting down Client</c> then closes the pools (docs/promscale.md §6.1).</summary>
    public async ValueTask DisposeAsync()
    {
        log.Info("client.go:262", ("msg", "Shutting down Client"));
        foreach (var pool in new[] { Maintenance, Writer, Reader }.OfType<ConnectionPool>().Distinct())
        {
            await pool.DisposeAsync();
        }
    }
}
