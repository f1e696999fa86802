using PromscaleLauncher.Configuration;
using PromscaleLauncher.Hosting;
using PromscaleLauncher.Maintenance;
using PromscaleLauncher.Preflight;
using PromscaleLauncher.Reporting;
using PromscaleLauncher.Signals;

namespace PromscaleLauncher.Commands;

/// <summary>
/// `promscale-launcher check`: the same settings and preflight as `run`, then the report instead of Promscale. Safe as a
/// Scalingo one-off, whose output is recorded: the report holds no secret (URLs are masked, evidence never carries a password).
/// </summary>
internal sealed class CheckCommand(StartupEnvironment environment, PreflightPipeline preflight, CheckOutput output, SignalLifetime signals) : ILauncherCommand
{
    public async Task<int> RunAsync(CancellationToken stopping)
    {
        // 1. Settings.
        var configuration = SettingsReader.Read(environment.Variables);
        var checks = ConfigurationChecks.From(configuration);
        var settings = configuration.Settings;

        // 2. Preflight, when the settings allow one.
        if (configuration.IsValid && settings is not null)
        {
            try
            {
                var outcome = await preflight.RunAsync(settings, stopping);
                settings = outcome.Settings;
                checks = [.. checks, .. outcome.Report.Checks];
                // Whether retention is effective: only on a reachable database, only when Promscale's schema exists.
                if (outcome.Report.Checks.Any(check => check.Id == Diagnostics.DiagnosisIds.DatabaseReachable))
                {
                    checks = [.. checks, .. await RetentionChecks.ReadAsync(settings, stopping)];
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync($"promscale-launcher check: interrupted by {signals.ReceivedSignalName}.");
                return ExitCodes.FromSignal(signals.ReceivedSignal);
            }
        }

        // 3. The report, instead of Promscale.
        var version = settings?.PromscaleVersion ?? configuration.RequestedVersion;
        var report = new CheckReport(version.ToString(), settings?.DatabaseUrl.ToMaskedString() ?? configuration.MaskedDatabaseUrl, checks);
        output.Write(report);
        return report.ExitCode;
    }
}
