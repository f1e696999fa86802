using Microsoft.Extensions.Logging;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Diagnostics;
using LauncherLog = PromscaleLauncher.Logging.Log;

namespace PromscaleLauncher.Reporting;

/// <summary>Writes checks and configuration findings as the launcher's events, one line each.</summary>
internal static class PreflightLog
{
    public static void Checks(ILogger logger, IEnumerable<CheckResult> checks)
    {
        foreach (var check in checks)
        {
            switch (check.Status)
            {
                case CheckStatus.Ok:
                    LauncherLog.CheckPassed(logger, check.Id, check.Summary);
                    break;
                case CheckStatus.Warn:
                    LauncherLog.CheckWarning(logger, check.Id, check.Summary, check.Fix ?? "none needed.");
                    break;
                default:
                    LauncherLog.CheckFailed(logger, check.Id, check.Summary, check.Fix ?? "see docs/diagnostics.md.");
                    break;
            }
        }
    }

    public static void Configuration(ILogger logger, SettingsReadResult configuration)
    {
        foreach (var notice in configuration.Notices)
        {
            if (notice.Level == NoticeLevel.Warning)
            {
                LauncherLog.ConfigurationWarning(logger, notice.Variable, notice.Message);
            }
            else
            {
                LauncherLog.ConfigurationInformation(logger, notice.Variable, notice.Message);
            }
        }
        foreach (var problem in configuration.Problems)
        {
            LauncherLog.ConfigurationProblem(logger, problem.Variable, problem.Problem, problem.Fix);
        }
        if (!configuration.IsValid)
        {
            LauncherLog.ConfigurationInvalid(logger, configuration.Problems.Count);
        }
    }
}
