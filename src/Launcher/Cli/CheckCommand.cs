using Microsoft.Extensions.Logging;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Diagnostics;
using PromscaleLauncher.Diagnostics.Reporting;
using PromscaleLauncher.Hosting;
using PromscaleLauncher.Promscale;

namespace PromscaleLauncher.Cli;

/// <summary>
/// `promscale-launcher check`: configuration and preflight, no Promscale. Safe as a Scalingo one-off, whose
/// output is recorded: the report holds no secret (URLs are masked, evidence never carries a password).
/// </summary>
internal sealed class CheckCommand(IReadOnlyDictionary<string, string> environment, ShutdownSignals signals, ILogger logger)
{
    public async Task<int> RunAsync(bool json, CancellationToken cancellationToken)
    {
        var configuration = SettingsReader.Read(environment);
        var checks = new List<CheckResult>();
        foreach (var notice in configuration.Notices)
        {
            var summary = $"{notice.Variable} {notice.Message}";
            checks.Add(notice.Level == NoticeLevel.Warning
                ? CheckResult.Warn(DiagnosisIds.Configuration, summary)
                : CheckResult.Ok(DiagnosisIds.Configuration, summary));
        }
        foreach (var problem in configuration.Problems)
        {
            checks.Add(CheckResult.Fail(DiagnosisIds.Configuration, ExitCodes.Configuration, $"{problem.Variable}: {problem.Problem}", problem.Fix));
        }

        var settings = configuration.Settings;
        if (configuration.IsValid && settings is not null)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, signals.StopRequested);
            try
            {
                // The binary decides the version when it is there; without it the preflight still runs for PROMSCALE_VERSION.
                var (identity, versionSettings, report) = await PreflightRun.Start(settings, environment, TimeProvider.System, logger, stop.Token).CompleteAsync();
                checks.AddRange(identity.Checks);
                settings = versionSettings;
                checks.AddRange(report.Checks);
            }
            catch (OperationCanceledException) when (signals.StopRequested.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync($"promscale-launcher check: interrupted by {signals.ReceivedSignalName}.");
                return ExitCodes.FromSignal(signals.ReceivedSignal);
            }
        }

        var version = settings?.PromscaleVersion.ToString()
                      ?? (PromscaleVersion.TryParse(environment.GetValueOrDefault(EnvironmentVariableNames.PromscaleVersion), out var v) ? v.ToString() : PromscaleVersion.V0_10_0.ToString());
        var checkReport = new CheckReport(version, settings?.DatabaseUrl.ToMaskedString() ?? configuration.MaskedDatabaseUrl, checks);
        if (json)
        {
            await using var stdout = Console.OpenStandardOutput();
            JsonReportWriter.Write(stdout, checkReport);
        }
        else
        {
            TextReportWriter.Write(Console.Out, checkReport);
        }
        return checkReport.ExitCode;
    }
}
