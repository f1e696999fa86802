namespace PromscaleLauncher.Tests.Support.Postgres;

/// <summary>
/// The clusters of TimescaleDbStandInTests, started in parallel once for the class: PostgreSQL 15 with
/// the native stand-in preloaded, not preloaded, and with only its setting in postgresql.conf; PostgreSQL
/// 14 (native stand-in too, built against StandIn/native/pg14_abi.h) preloaded and not.
/// </summary>
public sealed class TimescaleDbStandInFixture : IAsyncLifetime
{
    private readonly CancellationTokenSource _startTimeout = new(TimeSpan.FromMinutes(2));
    private readonly Dictionary<string, Task<PostgresCluster>> _clusters = [];

    public Task<PostgresCluster> Pg15Preloaded => _clusters[nameof(Pg15Preloaded)];

    public Task<PostgresCluster> Pg15NotPreloaded => _clusters[nameof(Pg15NotPreloaded)];

    /// <summary>timescaledb.max_background_workers in postgresql.conf, library not preloaded.</summary>
    public Task<PostgresCluster> Pg15SettingWithoutLibrary => _clusters[nameof(Pg15SettingWithoutLibrary)];

    public Task<PostgresCluster> Pg14Preloaded => _clusters[nameof(Pg14Preloaded)];

    public Task<PostgresCluster> Pg14NotPreloaded => _clusters[nameof(Pg14NotPreloaded)];

    public Task InitializeAsync()
    {
        Start(nameof(Pg15Preloaded), new PostgresClusterOptions(PostgresVersion.V15));
        Start(nameof(Pg15NotPreloaded), new PostgresClusterOptions(PostgresVersion.V15) { TimescaleDbPreloaded = false });
        Start(
            nameof(Pg15SettingWithoutLibrary),
            new PostgresClusterOptions(PostgresVersion.V15) { TimescaleDbPreloaded = false, TimescaleDbSettingWithoutLibrary = true });
        Start(nameof(Pg14Preloaded), new PostgresClusterOptions(PostgresVersion.V14));
        Start(nameof(Pg14NotPreloaded), new PostgresClusterOptions(PostgresVersion.V14) { TimescaleDbPreloaded = false });
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
