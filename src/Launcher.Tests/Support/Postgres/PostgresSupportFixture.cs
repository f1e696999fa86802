namespace PromscaleLauncher.Tests.Support.Postgres;

/// <summary>
/// The clusters of PostgresSupportTests, started in parallel once for the whole class. A version
/// that is not installed is not started locally (its tests are skipped); under CI it is, and fails.
/// </summary>
public sealed class PostgresSupportFixture : IAsyncLifetime
{
    private readonly CancellationTokenSource _startTimeout = new(TimeSpan.FromMinutes(2));
    private readonly Dictionary<string, Task<PostgresCluster>> _clusters = [];

    public Task<PostgresCluster> Pg14 => _clusters[nameof(Pg14)];

    public Task<PostgresCluster> Pg15 => _clusters[nameof(Pg15)];

    public Task<PostgresCluster> Pg17 => _clusters[nameof(Pg17)];

    /// <summary>PostgreSQL 15 without the preload emulation, with TLS, without the promscale extension.</summary>
    public Task<PostgresCluster> Pg15Bare => _clusters[nameof(Pg15Bare)];

    public Task InitializeAsync()
    {
        Start(nameof(Pg14), new PostgresClusterOptions(PostgresVersion.V14));
        Start(nameof(Pg15), new PostgresClusterOptions(PostgresVersion.V15));
        Start(nameof(Pg17), new PostgresClusterOptions(PostgresVersion.V17));
        Start(
            nameof(Pg15Bare),
            new PostgresClusterOptions(PostgresVersion.V15)
            {
                TimescaleDbPreloaded = false,
                Tls = true,
                PromscaleExtensionAvailable = false,
            });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var started in _clusters.Values)
        {
            // Waits without rethrowing: a failed start was reported by the tests that needed it.
            await Task.WhenAny(started);
            if (started.IsCompletedSuccessfully)
            {
                var cluster = await started;
                await cluster.DisposeAsync();
            }
        }

        _startTimeout.Dispose();
    }

    private void Start(string name, PostgresClusterOptions options) =>
        _clusters[name] = PostgresAvailability.SkipReason(options.Version) is { } reason
            ? Task.FromException<PostgresCluster>(new InvalidOperationException(reason))
            : PostgresCluster.StartAsync(options, _startTimeout.Token);
}
