using System.Text;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Logging.Formatting;
using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;

namespace PromscaleLauncher.Logging;

/// <summary>
/// The one Serilog logger of the process: Serilog's console sink on stderr, so that stdout carries only command
/// output (`check --json`, `--version`); Scalingo collects both. The sink writes each event synchronously, one
/// <c>write(2)</c> per event: it never drops, and a stderr that does not drain blocks the writers (and so the
/// output pumps, and so Promscale) instead of growing a queue (conventions §4).
/// </summary>
internal static class LoggingSetup
{
    public static Serilog.Core.Logger CreateLogger(LogFormat format)
    {
        // UTF-8 whatever the locale says, and a buffer that holds a whole event: the sink's flush after each event
        // is then its one write(2) (Console.Error's own 256-char buffer would cut a long line into several).
        Console.SetError(new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024) { AutoFlush = true });
        return new LoggerConfiguration()
            .MinimumLevel.Debug()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .WriteTo.Console(Formatter(format), standardErrorFromLevel: LogEventLevel.Verbose)
            .CreateLogger();
    }

    /// <summary>
    /// <c>text</c>: <see cref="TextLineFormatter"/>. <c>json</c>: CLEF (https://clef-json.org) with the message
    /// rendered in <c>@m</c> (log drains need no template engine) and Serilog's <c>@i</c> hash of its template;
    /// JSON string escaping keeps every event on one line.
    /// </summary>
    public static ITextFormatter Formatter(LogFormat format) =>
        format == LogFormat.Json ? new RenderedCompactJsonFormatter() : new TextLineFormatter();
}
