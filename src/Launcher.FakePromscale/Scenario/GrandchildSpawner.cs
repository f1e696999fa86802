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
        if (!knobs.SpawnGrandchild)
        {
            return;
        }

        // Its stdio are pipes to the fake, so it does not hold the launcher's pipes open.
        var start = new ProcessStartInfo("sleep", knobs.GrandchildSeconds.ToString(CultureInfo.InvariantCulture))
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start sleep");
        if (knobs.GrandchildPidFile is { } path)
        {
            File.WriteAllText(path, process.Id.ToString(CultureInfo.InvariantCulture));
        }
    }
}
