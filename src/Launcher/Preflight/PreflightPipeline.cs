using Microsoft.Extensions.Logging;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Database;
using PromscaleLauncher.Identity;

namespace PromscaleLauncher.Preflight;

/// <summary>
/// Everything `run` and `check` share after the settings: (which Promscale ‖ what the server says) → the
/// effective version → evaluation into one report of every check, with the launch plan when Promscale can start.
/// </summary>
internal sealed class PreflightPipeline(StartupEnvironment environment, TimeProvider timeProvider, ILogger<PreflightPipeline> logger)
{
    public async Task<PreflightOutcome> RunAsync(LauncherSettings settings, CancellationToken cancellationToken)
    {
        var startedAt = timeProvider.GetTimestamp();
        UnverifiedTlsTrustStore.SkipLoadingWhenUnverified(settings.SslMode);

        // Asking the binary its version (a child process) and reading the server (TLS, authentication, queries)
        // do not depend on each other: Promscale starts after the slower of the two, not after their sum.
        var identifying = Task.Run(() => PromscaleIdentity.IdentifyAsync(settings, environment.Variables, cancellationToken), cancellationToken);
        var reading = Task.Run(() => new ServerReader(settings, timeProvider, logger).ReadAsync(cancellationToken), cancellationToken);
        // Both awaited (and so both observed) even when one fails.
        await Task.WhenAll(identifying, reading);
        var identity = await identifying;
        var server = await reading;

        // The effective version, decided once: the binary's own; PROMSCALE_VERSION when there is no usable binary,
        // so that one boot still shows every database problem for the version the operator asked for.
        var effective = settings with { PromscaleVersion = identity.Version ?? settings.PromscaleVersion };
        var evaluation = PreflightEvaluator.Evaluate(effective, server, Environment.ProcessorCount, environment.App);
        evaluation = PostgresUpgradeDeadline.AddTo(evaluation, server.Facts, effective.PromscaleVersion, timeProvider, environment.App);
        // Without a binary that answered its version there is nothing to launch, whatever the server said.
        var plan = identity.Binary is null || identity.Version is null ? null : evaluation.Plan;
        var report = new PreflightReport([.. identity.Checks, .. evaluation.Checks], plan) { FirstInstall = evaluation.FirstInstall };
        return new PreflightOutcome(effective, identity, report, timeProvider.GetElapsedTime(startedAt));
    }
}
