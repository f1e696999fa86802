using System.Globalization;
using PromscaleLauncher.FakePromscale.Signals;

namespace PromscaleLauncher.FakePromscale.Scenario;

/// <summary>
/// Test scenario switches, read only from <c>FAKE_PROMSCALE_*</c> variables (the launcher never sets them).
/// Documented in README.md.
/// </summary>
internal sealed record FakeKnobs
{
    public string? Version { get; init; }

    public bool IgnoreSignals { get; init; }

    /// <summary>An exit code (0–255) or a signal number to die by, applied right after the HTTP server is bound.</summary>
    public int? ExitAfterReadyCode { get; init; }

    public int? ExitAfterReadySignal { get; init; }

    public bool SpawnGrandchild { get; init; }

    public int GrandchildSeconds { get; init; } = 300;

    public string? GrandchildPidFile { get; init; }

    public int LogBurst { get; init; }

    /// <summary>Null: no pause; <see cref="Timeout.InfiniteTimeSpan"/>: until killed.</summary>
    public TimeSpan? PauseBeforeServing { get; init; }

    public bool SkipDatabase { get; init; }

    /// <summary>FAKE_PROMSCALE_AFTER_CONNECTION_LOSS: stays-broken or recovers; null: the profile's own (0.10.0 stays broken).</summary>
    public bool? StaysBrokenAfterConnectionLoss { get; init; }

    /// <summary>FAKE_PROMSCALE_CONNECTION_LOST_AFTER: the reader pool acts as lost after this many uses (a /healthz is one).</summary>
    public int? ConnectionLostAfterUses { get; init; }

    public static FakeKnobs FromEnvironment(Func<string, string?> environment)
    {
        var exitAfterReady = environment("FAKE_PROMSCALE_EXIT_AFTER_READY");
        int? exitCode = int.TryParse(exitAfterReady, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;
        var exitSignal = exitAfterReady is { Length: > 0 } && exitCode is null ? ProcessSignals.FromName(exitAfterReady) : null;
        var pause = environment("FAKE_PROMSCALE_PAUSE_BEFORE_SERVING");
        TimeSpan? pauseSpan = pause switch
        {
            null or "" => null,
            "forever" or "true" => Timeout.InfiniteTimeSpan,
            _ when int.TryParse(pause, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) => TimeSpan.FromMilliseconds(ms),
            _ => null,
        };

        return new FakeKnobs
        {
            Version = environment("FAKE_PROMSCALE_VERSION"),
            IgnoreSignals = IsTrue(environment("FAKE_PROMSCALE_IGNORE_SIGNALS")),
            ExitAfterReadyCode = exitCode,
            ExitAfterReadySignal = exitSignal,
            SpawnGrandchild = IsTrue(environment("FAKE_PROMSCALE_SPAWN_GRANDCHILD")),
            GrandchildSeconds = int.TryParse(environment("FAKE_PROMSCALE_GRANDCHILD_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : 300,
            GrandchildPidFile = environment("FAKE_PROMSCALE_GRANDCHILD_PID_FILE") is { Length: > 0 } file ? file : null,
            LogBurst = int.TryParse(environment("FAKE_PROMSCALE_LOG_BURST"), NumberStyles.None, CultureInfo.InvariantCulture, out var burst) ? burst : 0,
            PauseBeforeServing = pauseSpan,
            SkipDatabase = IsTrue(environment("FAKE_PROMSCALE_SKIP_DATABASE")),
            StaysBrokenAfterConnectionLoss = environment("FAKE_PROMSCALE_AFTER_CONNECTION_LOSS") switch
            {
                "stays-broken" => true,
                "recovers" => false,
                _ => null,
            },
            ConnectionLostAfterUses = int.TryParse(environment("FAKE_PROMSCALE_CONNECTION_LOST_AFTER"), NumberStyles.None, CultureInfo.InvariantCulture, out var uses) ? uses : null,
        };
    }

    private static bool IsTrue(string? value) => value is "1" or "true" or "TRUE" or "True" or "yes";
}
