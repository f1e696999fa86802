using PromscaleLauncher.Configuration;
using PromscaleLauncher.Logging;
using PromscaleLauncher.Tests.Logging.Support;
using Serilog.Extensions.Logging;

namespace PromscaleLauncher.Tests.Hosting;

public sealed class InternalErrorReportTests
{
    [Fact]
    public void Reports_a_bug_on_one_line_without_stack_trace_or_secret()
    {
        var sink = new FormattingSink(LoggingSetup.Formatter(LogFormat.Json));
        var logger = Loggers.WritingTo(sink);
        Exception caught;
        try
        {
            throw new InvalidOperationException("failed on postgres://u:hunter2@h/db", new FormatException("bad token hunter2"));
        }
        catch (Exception exception)
        {
            caught = exception;
        }

        using (var factory = new SerilogLoggerFactory(logger))
        {
            InternalErrorReport.Log(factory.CreateLogger("test"), caught, ["hunter2"]);
        }
        logger.Dispose();

        var text = sink.Text;
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("FormatException", text);
        Assert.Contains("InternalErrorReportTests.Reports_a_bug_on_one_line_without_stack_trace_or_secret", text);
        Assert.DoesNotContain("hunter2", text);
        Assert.DoesNotContain("@x", text);
    }
}
