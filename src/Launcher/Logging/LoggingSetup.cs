using PromscaleLauncher.Configuration;
using PromscaleLauncher.Logging.Formatting;
using Serilog;
using Serilog.Formatting;

namespace PromscaleLauncher.Logging;

/// <summary>
/// The one Serilog logger of the process. Events go to stderr so that stdout carries only command output
/// (`check --json`, `--version`); Scalingo collects both. The sink buffers within a batch of Promscale lines
/// and flushes after every other event; it never drops (a slow reader slows the writers down).
/// </summary>
internal static class LoggingSetup
{
    public static (Serilog.Core.Logger Logger, BufferedStreamSink Sink) CreateLogger(LogFormat format, Stream? output = null)
    {
        ITextFormatter formatter = format == LogFormat.Json ? new ClefJsonFormatter() : new TextLineFormatter();
        var sink = new BufferedStreamSink(output ?? Console.OpenStandardError(), formatter);
        var logger = new LoggerConfiguration()
            .MinimumLevel.Debug()
            .MinimumLevel.Override("Microsoft", Serilog.Events.LogEventLevel.Warning)
            .WriteTo.Sink(sink)
            .CreateLogger();
        return (logger, sink);
    }
}
