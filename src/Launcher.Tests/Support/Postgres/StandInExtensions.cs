using System.Text.RegularExpressions;

namespace PromscaleLauncher.Tests.Support.Postgres;

/// <summary>The stand-in timescaledb and promscale extensions of StandIn/ (see its README.md).</summary>
internal static partial class StandInExtensions
{
    /// <summary>Must match the "stand-in revision" line of every file in StandIn/.</summary>
    public const int Revision = 2;

    public static readonly string[] ControlFiles = ["timescaledb.control", "promscale.control"];

    public static string? FindProblem(string extensionDirectory)
    {
        foreach (var controlFile in ControlFiles)
        {
            var path = Path.Combine(extensionDirectory, controlFile);
            if (!File.Exists(path))
            {
                return $"The stand-in extension {path} is missing. Run {PostgresInstallation.InstallScript} (as root).";
            }

            var match = RevisionLine().Match(File.ReadAllText(path));
            if (!match.Success || match.Groups[1].Value != Revision.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                return $"The stand-in extension {path} is not revision {Revision} (out of date). "
                    + $"Run {PostgresInstallation.InstallScript} (as root).";
            }
        }

        return null;
    }

    [GeneratedRegex(@"stand-in revision: (\d+)")]
    private static partial Regex RevisionLine();
}
