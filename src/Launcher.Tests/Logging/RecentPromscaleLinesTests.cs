using PromscaleLauncher.Logging.Promscale;
using Serilog.Events;

namespace PromscaleLauncher.Tests.Logging;

public sealed class RecentPromscaleLinesTests
{
    private static PromscaleLogLine Line(string message, LogEventLevel level) => new()
    {
        Stream = PromscaleOutputStream.Stderr,
        ReadAt = DateTimeOffset.UnixEpoch,
        Format = PromscaleLineFormat.PlainText,
        Level = level,
        Message = message,
    };

    [Fact]
    public void Keeps_the_last_warnings_and_errors_oldest_first()
    {
        var recent = new RecentPromscaleLines(capacity: 2);

        recent.OnLine(Line("w1", LogEventLevel.Warning));
        recent.OnLine(Line("info", LogEventLevel.Information));
        recent.OnLine(Line("e1", LogEventLevel.Error));
        recent.OnLine(Line("goroutine 1 [running]:", LogEventLevel.Information));
        recent.OnLine(Line("e2", LogEventLevel.Error));

        Assert.Equal(["e1", "e2"], recent.Snapshot().Select(l => l.Message));
    }
}
