using Microsoft.Extensions.Logging;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Database;
using PromscaleLauncher.Supervision;

namespace PromscaleLauncher.Hosting;

/// <summary>
/// The preflight's two slow parts, started together as early as possible: asking the binary its version (a
/// child process) and connecting to the database (TLS, authentication, reading the server's facts). They do
/// not depend on each other; only the evaluation needs both, so Promscale starts after the slower of the two
/// instead of after their sum (docs/benchmarks.md).
/// </summary>
internal sealed class PreflightRun
{
    private readonly LauncherSettings _settings;
    private readonly Preflight _preflight;
    private readonly Task<PromscaleIdentity> _identity;
    private readonly Task<ServerReading> _server;

    private PreflightRun(LauncherSettings settings, IReadOnlyDictionary<string, string> environment, TimeProvider timeProvider,
        ILogger logger, CancellationToken cancellationToken)
    {
        _settings = settings;
        StartedAt = timeProvider.GetTimestamp();
        _preflight = new Preflight(settings, timeProvider, logger, environment.GetValueOrDefault("APP"));
        // Task.Run: neither part may hold up the caller, which goes on building the host meanwhile.
        _identity = Task.Run(() => PromscaleIdentity.IdentifyAsync(settings, environment, cancellationToken), cancellationToken);
        _server = Task.Run(() => _preflight.ReadServerAsync(cancellationToken), cancellationToken);
    }

    /// <summary>When the preflight began (a <see cref="TimeProvider"/> timestamp).</summary>
    public long StartedAt { get; }

    public static PreflightRun Start(LauncherSettings settings, IReadOnlyDictionary<string, string> environment, TimeProvider timeProvider,
        ILogger logger, CancellationToken cancellationToken) =>
        new(settings, environment, timeProvider, logger, cancellationToken);

    /// <summary>
    /// Waits for both parts and evaluates the server for the version the binary reported (for
    /// PROMSCALE_VERSION when there is no usable binary, so that one boot shows every problem at once).
    /// </summary>
    public async Task<PreflightOutcome> CompleteAsync()
    {
        // Both awaited (and so both observed) even when one fails.
        await Task.WhenAll(_identity, _server);
        var identity = await _identity;
        var server = await _server;
        var version = identity.Version ?? _settings.PromscaleVersion;
        return new PreflightOutcome(identity, _settings with { PromscaleVersion = version }, _preflight.Evaluate(server, version));
    }
}
