using PromscaleLauncher.Configuration;
using PromscaleLauncher.Diagnostics;
using PromscaleLauncher.Interop;

namespace PromscaleLauncher.Identity;

/// <summary>
/// Finds Promscale: PROMSCALE_BIN, else `promscale` next to the launcher (where the buildpack installs both),
/// else on PATH. Missing gives 127 and not executable 126, as a shell and tini report them.
/// </summary>
internal static class PromscaleBinaryLocator
{
    public const string DiagnosisId = "promscale.binary";
    private const string FileName = "promscale";

    public static (PromscaleBinary? Binary, CheckResult Check) Locate(string? promscaleBin, string? launcherDirectory, string? path)
    {
        if (promscaleBin is not null)
        {
            return Check(promscaleBin, $"{EnvironmentVariableNames.PromscaleBinary}", explicitPath: true);
        }
        if (launcherDirectory is not null && File.Exists(Path.Combine(launcherDirectory, FileName)))
        {
            return Check(Path.Combine(launcherDirectory, FileName), "the launcher's directory", explicitPath: false);
        }
        foreach (var directory in (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, FileName);
            if (File.Exists(candidate))
            {
                return Check(candidate, "PATH", explicitPath: false);
            }
        }
        return (null, CheckResult.Fail(DiagnosisId, ExitCodes.NotFound,
            $"Promscale was not found: {EnvironmentVariableNames.PromscaleBinary} is not set, and there is no `promscale` next to the launcher{(launcherDirectory is null ? "" : $" ({launcherDirectory})")} or on PATH.",
            $"deploy with the Promscale Launcher buildpack, which installs both, or set {EnvironmentVariableNames.PromscaleBinary} to the path of a Promscale binary."));
    }

    private static (PromscaleBinary?, CheckResult) Check(string path, string foundBy, bool explicitPath)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            return (null, CheckResult.Fail(DiagnosisId, ExitCodes.NotFound,
                $"{EnvironmentVariableNames.PromscaleBinary} names {full}, which does not exist or is not a file.",
                $"set {EnvironmentVariableNames.PromscaleBinary} to the path of a Promscale binary, or unset it to use the one the buildpack installs."));
        }
        if (NativeMethods.access(full, NativeMethods.ExecuteAccess) != 0)
        {
            return (null, CheckResult.Fail(DiagnosisId, ExitCodes.CannotExecute,
                $"Promscale at {full} (from {foundBy}) is not executable.",
                $"chmod +x {full}{(explicitPath ? "" : ", or redeploy so that the buildpack installs it again")}."));
        }
        return (new PromscaleBinary(full, foundBy), CheckResult.Ok(DiagnosisId, $"Promscale binary {full} (from {foundBy})."));
    }
}
