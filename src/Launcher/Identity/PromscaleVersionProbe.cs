using CliWrap.Buffered;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Diagnostics;
using PromscaleLauncher.Promscale;

namespace PromscaleLauncher.Identity;

/// <summary>
/// Asks the binary its version (`-version`, single dash: `--version` is an unknown flag, docs/promscale.md §1.4), since
/// every version-dependent decision (ranges, pools, signals) must follow the binary, not what the operator believes.
/// </summary>
internal static class PromscaleVersionProbe
{
    public const string DiagnosisId = "promscale.version";
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(10);

    public static async Task<(PromscaleVersion? Version, CheckResult Check)> ProbeAsync(
        PromscaleBinary binary, LauncherSettings settings, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        BufferedCommandResult result;
        try
        {
            // Promscale answers -version before it parses anything else, so the environment does not matter here.
            result = await CliWrap.Cli.Wrap(binary.Path)
                .WithArguments(["-version"])
                .WithValidation(CliWrap.CommandResultValidation.None)
                .ExecuteBufferedAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, CheckResult.Fail(DiagnosisId, ExitCodes.CannotExecute,
                $"{binary.Path} -version did not answer within {_timeout.TotalSeconds:0} s.",
                $"check that {binary.Path} is a Promscale binary for this machine (promscale_<version>_Linux_x86_64)."));
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return (null, CheckResult.Fail(DiagnosisId, ExitCodes.CannotExecute,
                $"{binary.Path} could not be executed ({exception.GetType().Name}).",
                $"check that {binary.Path} is a Promscale binary for Linux x86_64 (the release asset promscale_<version>_Linux_x86_64)."));
        }

        var output = result.StandardOutput.Trim();
        if (result.ExitCode != 0 || !PromscaleVersion.TryParse(output, out var version))
        {
            return (null, CheckResult.Fail(DiagnosisId, ExitCodes.CannotExecute,
                $"{binary.Path} -version answered \"{Shorten(output)}\" with exit code {result.ExitCode}, not a Promscale version.",
                $"set {EnvironmentVariableNames.PromscaleBinary} to a Promscale release binary (0.10.0 to 0.17.0)."));
        }
        if (!version.IsRelease)
        {
            return (null, CheckResult.Fail(DiagnosisId, ExitCodes.DatabaseIncompatible,
                $"{binary.Path} is Promscale {version}, which the launcher cannot run (it knows 0.10.0 to 0.17.0).",
                $"install one of {string.Join(", ", PromscaleVersion.Releases)} (the buildpack does, from {EnvironmentVariableNames.PromscaleVersion})."));
        }
        if (settings.PromscaleVersionFromEnvironment && version != settings.PromscaleVersion)
        {
            return (version, CheckResult.Warn(DiagnosisId,
                $"{binary.Path} is Promscale {version}, but {EnvironmentVariableNames.PromscaleVersion}={settings.PromscaleVersion}; the launcher follows the binary.",
                $"set {EnvironmentVariableNames.PromscaleVersion}={version}, or redeploy so that the buildpack installs {settings.PromscaleVersion}."));
        }
        return (version, CheckResult.Ok(DiagnosisId, $"{binary.Path} is Promscale {version}."));
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
