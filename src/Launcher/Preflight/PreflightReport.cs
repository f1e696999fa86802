using PromscaleLauncher.Diagnostics;
using PromscaleLauncher.FirstInstall;
using PromscaleLauncher.Launch;

namespace PromscaleLauncher.Preflight;

/// <summary>Every check in the order it ran, and the launch plan when Promscale can start.</summary>
internal sealed record PreflightReport(IReadOnlyList<CheckResult> Checks, LaunchPlan? Plan)
{
    /// <summary>How the next start gets Promscale 0.10.0's schema; null for 0.11+ or when the server could not be read.</summary>
    public FirstInstallPlan? FirstInstall { get; init; }

    public bool CanStart => Plan is not null && !Checks.Any(check => check.Status == CheckStatus.Fail);

    /// <summary>0 when Promscale can start, else the exit code of the first blocking failure.</summary>
    public int ExitCode => Checks.FirstOrDefault(check => check.Status == CheckStatus.Fail)?.ExitCode ?? ExitCodes.Success;

    public int Count(CheckStatus status) => Checks.Count(check => check.Status == status);
}
