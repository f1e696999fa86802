using PromscaleLauncher.Configuration;
using PromscaleLauncher.Diagnostics;

namespace PromscaleLauncher.Reporting;

/// <summary>`check` reports the configuration's problems and notices as checks, ahead of the preflight's.</summary>
internal static class ConfigurationChecks
{
    public static IReadOnlyList<CheckResult> From(SettingsReadResult configuration)
    {
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
        return checks;
    }
}
