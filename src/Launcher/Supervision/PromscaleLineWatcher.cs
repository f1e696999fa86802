using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using PromscaleLauncher.Logging.Promscale;
using Serilog.Events;
using LauncherLog = PromscaleLauncher.Logging.Log;

namespace PromscaleLauncher.Supervision;

/// <summary>
/// Watches Promscale's forwarded lines: explains known failures once each (docs/diagnostics.md) and keeps the
/// last problem for the exit and not-ready messages. Runs on the pumps' threads: quick, thread-safe, never throws.
/// </summary>
internal sealed class PromscaleLineWatcher(PromscaleFailureDiagnoses diagnoses, ILogger logger, ConnectionShortageWatch? shortages = null) : IPromscaleLineObserver
{
    // 53300 refusals while Promscale runs: who holds the connections, read in the background (item 5 of issue 12).
    private readonly ConnectionShortageWatch _shortages = shortages ?? diagnoses.ShortageWatch(logger);

    private readonly ConcurrentDictionary<string, byte> _explained = new();
    private volatile string? _lastProblem;

    public string LastProblem => _lastProblem ?? "none logged";

    public void OnLine(PromscaleLogLine line)
    {
        // A refusal at run time is a warning (health.go, write.go): looked at whatever the level.
        _shortages.OnLine(line.Error is null ? line.Message : line.Message + " " + line.Error);
        // Go panics and fatal flag errors are plain text on stderr, so they are looked at too.
        var plainStderr = line.Format == PromscaleLineFormat.PlainText && line.Stream == PromscaleOutputStream.Stderr;
        if (line.Level < LogEventLevel.Error && !plainStderr)
        {
            return;
        }
        var text = line.Error is null ? line.Message : $"{line.Message}: {line.Error}";
        if (plainStderr && line.Level < LogEventLevel.Error && diagnoses.Diagnose(text, null) is null)
        {
            return;
        }
        _lastProblem = text.Length <= 500 ? text : text[..500] + "…";
        if (diagnoses.Diagnose(line.Message, line.Error) is { } diagnosis && _explained.TryAdd(diagnosis.Id, 0))
        {
            LauncherLog.CheckFailed(logger, diagnosis.Id, diagnosis.Summary, diagnosis.Fix ?? "see docs/diagnostics.md.");
        }
    }
}
