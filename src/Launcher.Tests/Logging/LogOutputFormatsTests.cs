using PromscaleLauncher.Logging.Formatting;

namespace PromscaleLauncher.Tests.Logging;

public sealed class LogOutputFormatsTests
{
    [Theory]
    [InlineData(null, LogOutputFormat.Text)]
    [InlineData("", LogOutputFormat.Text)]
    [InlineData("text", LogOutputFormat.Text)]
    [InlineData(" JSON ", LogOutputFormat.Json)]
    public void Reads_the_launcher_log_format_with_text_as_default(string? value, LogOutputFormat expected)
    {
        Assert.True(LogOutputFormats.TryParse(value, out var format));
        Assert.Equal(expected, format);
    }

    [Fact]
    public void Rejects_an_unknown_log_format()
    {
        Assert.False(LogOutputFormats.TryParse("logfmt", out _));
    }

    [Fact]
    public void Creates_the_formatter_of_each_format()
    {
        Assert.IsType<TextLineFormatter>(LogOutputFormats.CreateFormatter(LogOutputFormat.Text));
        Assert.IsType<ClefJsonFormatter>(LogOutputFormats.CreateFormatter(LogOutputFormat.Json));
    }
}
