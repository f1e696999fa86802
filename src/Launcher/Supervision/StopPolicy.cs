using PromscaleLauncher.Promscale;
using PromscaleLauncher.Signals;

namespace PromscaleLauncher.Supervision;

/// <summary>
/// How each Promscale version stops (docs/promscale.md §6.1): SIGTERM is never handled; from 0.11 on SIGINT while serving
/// shuts down gracefully (exit 0). 0.10 has no graceful path at all: any signal kills it at once.
/// </summary>
internal static class StopPolicy
{
    public static int GracefulSignal(PromscaleVersion version) =>
        version.Era == PromscaleEra.SqlMigrations ? SignalNames.SigTerm : SignalNames.SigInt;

    public static string Explanation(PromscaleVersion version, bool serving) => version.Era switch
    {
        PromscaleEra.SqlMigrations => "Promscale 0.10 handles no signal: it stops at once, with no graceful path",
        _ when !serving => "Promscale is still starting: SIGINT stops it at once",
        _ => "Promscale 0.11+ shuts down gracefully on SIGINT",
    };

    /// <summary>SIGHUP reloads rules from 0.12 on; earlier versions would die of it.</summary>
    public static bool ForwardsHangup(PromscaleVersion version) => version >= new PromscaleVersion(0, 12, 0);
}
