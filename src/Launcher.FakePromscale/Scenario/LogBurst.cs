using System.Globalization;
using PromscaleLauncher.FakePromscale.Logging;

namespace PromscaleLauncher.FakePromscale.Scenario;

/// <summary>
/// <c>FAKE_PROMSCALE_LOG_BURST=n</c>: n Promscale-format lines <c>msg="burst line i"</c> for i = 1..n, as fast as the reader allows,
/// then a <c>log burst done</c> marker, for throughput and ordering tests of the launcher's log forwarding.
/// </summary>
internal static class LogBurst
{
    public static void Write(FakeKnobs knobs, PromscaleLogger log)
    {
        if (knobs.LogBurst <= 0)
        {
            return;
        }

        for (var i = 1; i <= knobs.LogBurst; i++)
        {
            log.Info("burst.go:1", ("msg", "burst line " + i.ToString(CultureInfo.InvariantCulture)));
        }

        log.Info("burst.go:2", ("msg", "log burst done"), ("lines", knobs.LogBurst.ToString(CultureInfo.InvariantCulture)));
    }
}
