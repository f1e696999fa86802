using PromscaleLauncher.Diagnostics;

namespace PromscaleLauncher.Reporting;

/// <summary>What `check` prints: configuration problems and notices as checks, then the preflight's checks.</summary>
internal sealed record CheckReport(string PromscaleVersion, string? MaskedDatabaseUrl, IReadOnlyList<CheckResult> Checks)
{
    public int ExitCode => Checks.FirstOrDefault(check => check.Status == CheckStatus.Fail)?.ExitCode ?? ExitCodes.Success;

    public bool CanStart => ExitCode == ExitCodes.Success;

    public int Count(CheckStatus status) => Checks.Count(check => check.Status == status);

    public string SummaryLine =>
        $"Summary: {Count(CheckStatus.Ok)} ok, {Count(CheckStatus.Warn)} warning(s), {Count(CheckStatus.Fail)} failure(s): "
        + (CanStart ? "Promscale can start." : $"Promscale would not start (exit code {ExitCode}).");
}
