using PromscaleLauncher.Logging.Promscale;
using PromscaleLauncher.Tests.Logging.Support;
using Serilog.Events;

namespace PromscaleLauncher.Tests.Logging;

public sealed class PromscaleLineParserTests
{
    private static readonly DateTimeOffset _readAt = new(2026, 11, 25, 20, 0, 0, 123, TimeSpan.Zero);

    private static PromscaleLogLine Parse(string line, PromscaleOutputStream stream = PromscaleOutputStream.Stderr) =>
        new PromscaleLineParser().Parse(line, null, stream, _readAt);

    [Theory]
    [InlineData("level=debug msg=x", LogEventLevel.Debug)]
    [InlineData("level=info msg=x", LogEventLevel.Information)]
    [InlineData("level=warn msg=x", LogEventLevel.Warning)]
    [InlineData("level=error msg=x", LogEventLevel.Error)]
    [InlineData("level=ERROR msg=x", LogEventLevel.Error)]
    [InlineData("level=critical msg=x", LogEventLevel.Information)]
    [InlineData("level= msg=x", LogEventLevel.Information)]
    public void Maps_go_kit_levels_to_Serilog_levels_and_unknown_ones_to_Information(string line, LogEventLevel expected)
    {
        Assert.Equal(expected, Parse(line).Level);
    }

    [Fact]
    public void Takes_message_ts_caller_and_err_from_a_0_17_failure_line()
    {
        var line = Parse(PromscaleLines.Aborting017);

        Assert.Equal(PromscaleLineFormat.Logfmt, line.Format);
        Assert.Equal(LogEventLevel.Error, line.Level);
        Assert.Equal("aborting startup due to error", line.Message);
        Assert.Equal("2023-01-11T10:00:00.200Z", line.PromscaleTs);
        Assert.Equal("runner.go:127", line.Caller);
        Assert.StartsWith("dependency error: problem checking PostgreSQL version", line.Error);
        Assert.Equal(_readAt, line.ReadAt);
        Assert.Equal(PromscaleOutputStream.Stderr, line.Stream);
    }

    [Fact]
    public void Uses_the_config_text_as_the_message_of_the_config_line()
    {
        var line = Parse(PromscaleLines.Config017);

        Assert.StartsWith("{ListenAddr::9201 ", line.Message);
        Assert.Equal("runner.go:91", line.Caller);
    }

    [Fact]
    public void Takes_the_error_of_the_healthcheck_line_from_its_MISSING_pair()
    {
        var line = Parse(PromscaleLines.HealthcheckFailed);

        Assert.Equal("Healthcheck failed", line.Message);
        Assert.Equal(PromscaleLines.HealthcheckMissingKey, line.Error);
        Assert.Equal(LogEventLevel.Warning, line.Level);
    }

    [Fact]
    public void Parses_json_lines_like_logfmt_lines()
    {
        var line = Parse(PromscaleLines.JsonWriteFailed);

        Assert.Equal(PromscaleLineFormat.Json, line.Format);
        Assert.Equal(LogEventLevel.Warning, line.Level);
        Assert.Equal("Error sending samples to remote storage", line.Message);
        Assert.Equal("write.go:244", line.Caller);
        Assert.Equal("45", line.GetField("num_samples"));
    }

    [Theory]
    [InlineData(PromscaleLines.AutomaxprocsLine, LogEventLevel.Information)]
    [InlineData("goroutine 1 [running]:", LogEventLevel.Information)]
    [InlineData("Usage of promscale:", LogEventLevel.Information)]
    [InlineData("panic: runtime error: index out of range [3] with length 3", LogEventLevel.Error)]
    [InlineData("fatal error: concurrent map writes", LogEventLevel.Error)]
    [InlineData(PromscaleLines.FatalError010Stdout, LogEventLevel.Error)]
    public void Forwards_other_lines_verbatim_as_plain_text(string text, LogEventLevel level)
    {
        var line = Parse(text, PromscaleOutputStream.Stdout);

        Assert.Equal(PromscaleLineFormat.PlainText, line.Format);
        Assert.Equal(text, line.Message);
        Assert.Equal(level, line.Level);
        Assert.Empty(line.Fields);
        Assert.Equal(text, line.ToString());
    }

    [Fact]
    public void Writes_a_parsed_line_back_as_logfmt_for_crash_reports()
    {
        Assert.Equal(PromscaleLines.Aborting017, Parse(PromscaleLines.Aborting017).ToString());
        Assert.Equal(PromscaleLines.WriteFailed, Parse(PromscaleLines.WriteFailed).ToString());
    }

    [Fact]
    public void Reads_the_level_of_a_split_line_from_its_first_part()
    {
        Assert.Equal(LogEventLevel.Warning, PromscaleLineParser.LevelOfFirstPart("level=warn ts=2023 msg=\"very long"));
        Assert.Equal(LogEventLevel.Error, PromscaleLineParser.LevelOfFirstPart("level=error"));
        Assert.Equal(LogEventLevel.Information, PromscaleLineParser.LevelOfFirstPart("xxxxxxxx"));
    }
}
