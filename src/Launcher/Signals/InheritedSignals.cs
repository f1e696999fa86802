using Microsoft.Extensions.Logging;
using LauncherLog = PromscaleLauncher.Logging.Log;

namespace PromscaleLauncher.Signals;

/// <summary>
/// The signal dispositions the launcher was started with, read from /proc/self/status at the top of Main,
/// before the launcher registers its handlers. Promscale starts with the same mask and ignores (docs/shutdown.md).
/// SIGPIPE is the exception: the .NET runtime ignores it before Main runs, so whether it was inherited ignored
/// cannot be told, and Promscale gets it at its default.
/// </summary>
internal sealed record InheritedSignals(ulong Ignored, ulong Blocked)
{
    /// <summary>What Main read first thing; nothing ignored or blocked until then.</summary>
    public static InheritedSignals AtStart { get; private set; } = new(0, 0);

    public static InheritedSignals Capture()
    {
        AtStart = Read("/proc/self/status");
        return AtStart;
    }

    public static InheritedSignals Read(string statusFile)
    {
        ulong ignored = 0, blocked = 0;
        try
        {
            foreach (var line in File.ReadLines(statusFile))
            {
                if (line.StartsWith("SigIgn:", StringComparison.Ordinal))
                {
                    ignored = Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16);
                }
                else if (line.StartsWith("SigBlk:", StringComparison.Ordinal))
                {
                    blocked = Convert.ToUInt64(line["SigBlk:".Length..].Trim(), 16);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            // Not Linux, or no /proc: nothing known, nothing to warn about.
        }
        return new InheritedSignals(ignored, blocked);
    }

    public bool IsIgnored(int signal) => (Ignored & (1UL << (signal - 1))) != 0;

    /// <summary>
    /// The .NET runtime installs no handler for an inherited ignored SIGINT/SIGQUIT, so the launcher never sees them
    /// and Promscale inherits the ignore (exec keeps SIG_IGN); an ignored SIGTERM is replaced by the runtime's handler.
    /// </summary>
    public void WarnIfStopSignalsIgnored(ILogger logger)
    {
        if (IsIgnored(SignalNames.SigInt))
        {
            // Go keeps an inherited SIGINT ignore until signal.Notify, which Promscale >= 0.11 calls only once serving.
            LauncherLog.InheritedIgnoredSignal(logger, SignalNames.Of(SignalNames.SigInt),
                "Ctrl-C does not reach the launcher, and Promscale 0.11+ ignores the launcher's SIGINT until it serves, so stopping it during its start-up waits PROMSCALE_LAUNCHER_STOP_TIMEOUT and ends in SIGKILL");
        }
        if (IsIgnored(SignalNames.SigTerm))
        {
            LauncherLog.InheritedIgnoredSignal(logger, SignalNames.Of(SignalNames.SigTerm),
                "the .NET runtime handles SIGTERM regardless, so the launcher still stops on it and Promscale starts with SIGTERM at its default; whatever meant to shield this process tree from SIGTERM does not");
        }
    }
}
