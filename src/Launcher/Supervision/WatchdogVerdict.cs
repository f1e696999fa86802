namespace PromscaleLauncher.Supervision;

/// <summary>
/// What the watchdog decided about a ready Promscale that stopped answering /healthz: restart it in place, or give up
/// (<see cref="ExitCode"/> set): the launcher stops it and exits so that the platform restarts the container.
/// </summary>
/// <param name="Cause">promscale-unhealthy (the database answers, Promscale does not) or database-returned (the database was
/// unreachable, answers again, and Promscale still fails): Promscale does not reconnect by itself (timescale/promscale#387, #850).</param>
/// <param name="Failures">Failed /healthz probes in a row.</param>
/// <param name="LastHealthCheck">The last probe's status and body excerpt, redacted.</param>
/// <param name="DatabaseCheck">What the launcher's own connection found.</param>
internal sealed record WatchdogVerdict(string Cause, int Failures, string LastHealthCheck, string DatabaseCheck)
{
    public const string PromscaleUnhealthy = "promscale-unhealthy";
    public const string DatabaseReturned = "database-returned";

    /// <summary>Set when the watchdog gives up: the launcher's exit code once Promscale has stopped.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Restarts so far, this one included, and within the restart window.</summary>
    public int Restart { get; init; }

    public int RestartsInWindow { get; init; }

    /// <summary>From the first failed probe to this decision.</summary>
    public TimeSpan Detection { get; init; }

    /// <summary>When the decision was taken (<see cref="TimeProvider.GetTimestamp"/>), to measure the restart.</summary>
    public long DecidedAt { get; init; }
}
