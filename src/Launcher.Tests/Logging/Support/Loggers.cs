using Serilog;
using Serilog.Core;

namespace PromscaleLauncher.Tests.Logging.Support;

internal static class Loggers
{
    public static Logger WritingTo(ILogEventSink sink) =>
        new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger();
}
