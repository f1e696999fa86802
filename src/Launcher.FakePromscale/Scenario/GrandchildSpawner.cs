using System.Diagnostics;
using System.Globalization;

namespace PromscaleLauncher.FakePromscale.Scenario;

/// <summary>
/// Starts a <c>sleep</c> the fake never waits for: when the fake dies it is orphaned and reparented to the
/// nearest subreaper, which is what a launcher running as PID 1 must reap.
/// </summary>
internal static class GrandchildSpawner
{
    public static void Spawn(FakeKnobs knobs)
    {
        if (knobs.Grandchild == GrandchildMode.None)
        {
            return;
        }

        var detached = knobs.Grandchild == GrandchildMode.Detached;
        var start = new ProcessStartInfo("sleep", knobs.GrandchildSeconds.ToString(CultureInfo.InvariantCulture))
        {
            UseShellExecute = false,
            RedirectStandardInput = detached,
            RedirectStandardOutput = detached,
            RedirectStandardError = detached,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start sleep");
        if (knobs.GrandchildPidFile is { } path)
        {
            File.WriteAllText(path, process.Id.ToString(CultureInfo.InvariantCulture));
        }
    }
}
