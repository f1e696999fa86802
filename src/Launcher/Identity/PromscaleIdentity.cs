using PromscaleLauncher.Configuration;
using PromscaleLauncher.Diagnostics;
using PromscaleLauncher.Promscale;

namespace PromscaleLauncher.Identity;

/// <summary>Which Promscale will run: the binary and the version it reports, with the checks that found them.</summary>
internal sealed record PromscaleIdentity(PromscaleBinary? Binary, PromscaleVersion? Version, IReadOnlyList<CheckResult> Checks)
{
    public static async Task<PromscaleIdentity> IdentifyAsync(LauncherSettings settings, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var (binary, binaryCheck) = PromscaleBinaryLocator.Locate(settings.PromscaleBinary, AppContext.BaseDirectory, environment.GetValueOrDefault("PATH"));
        if (binary is null)
        {
            return new PromscaleIdentity(null, null, [binaryCheck]);
        }
        var (version, versionCheck) = await PromscaleVersionProbe.ProbeAsync(binary, settings, cancellationToken);
        return new PromscaleIdentity(binary, version, [binaryCheck, versionCheck]);
    }
}
