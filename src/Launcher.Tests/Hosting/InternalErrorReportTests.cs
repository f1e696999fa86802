using PromscaleLauncher.Configuration;
using PromscaleLauncher.Logging;
using Serilog.Extensions.Logging;

namespace PromscaleLauncher.Tests.Hosting;

public sealed class InternalErrorReportTests
{
    [Fact]
    public void Reports_a_bug_on_one_line_without_stack_trace_or_secret()
    {
        using var output = new MemoryStream();
        var (logger, sink) = LoggingSetup.CreateLogger(LogFormat.Json, output);
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
        sink.Dispose();

        var text = System.Text.Encoding.UTF8.GetString(output.ToArray());
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("FormatException", text);
        Assert.Contains("InternalErrorReportTests.Reports_a_bug_on_one_line_without_stack_trace_or_secret", text);
        Assert.DoesNotContain("hunter2", text);
        Assert.DoesNotContain("@x", text);
    }
}
