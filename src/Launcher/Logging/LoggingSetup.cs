using PromscaleLauncher.Configuration;
using PromscaleLauncher.Logging.Formatting;
using Serilog;
using Serilog.Formatting;

namespace PromscaleLauncher.Logging;

/// <summary>
/// The one Serilog logger of the process. Events go to stderr so that stdout carries only command output
/// (`check --json`, `--version`); Scalingo collects both. Writes are synchronous: never a dropping sink.
/// </summary>
internal static class LoggingSetup
{
    public static Serilog.Core.Logger CreateLogger(LogFormat format, TextWriter? output = null)
    {
        ITextFormatter formatter = format == LogFormat.Json ? new ClefJsonFormatter() : new TextLineFormatter();
        return new LoggerConfiguration()
            .MinimumLevel.Debug()
            .MinimumLevel.Override("Microsoft", Serilog.Events.LogEventLevel.Warning)
            .WriteTo.Sink(new TextWriterSink(output ?? Console.Error, formatter))
            .CreateLogger();
    }
}
