namespace PromscaleLauncher.Tests.Support.Postgres;

/// <summary>
/// Starts one cluster for a whole xunit collection and removes it afterwards. When the version is
/// not installed, it starts nothing locally (the tests are skipped by <see cref="PostgresFactAttribute"/>)
/// and fails under CI.
/// </summary>
public abstract class PostgresClusterFixture(PostgresClusterOptions options) : IAsyncLifetime
{
    private static readonly TimeSpan _startTimeout = TimeSpan.FromMinutes(2);
    private PostgresCluster? _cluster;

    public PostgresClusterOptions Options { get; } = options;

    public PostgresCluster Cluster =>
        _cluster ?? throw new InvalidOperationException(
            PostgresAvailability.FindProblem(Options.Version) ?? "The cluster has not been started.");

    public async Task InitializeAsync()
    {
        if (PostgresAvailability.SkipReason(Options.Version) is not null)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(_startTimeout);
        _cluster = await PostgresCluster.StartAsync(Options, timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
