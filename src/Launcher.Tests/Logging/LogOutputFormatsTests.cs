using PromscaleLauncher.Logging.Formatting;

namespace PromscaleLauncher.Tests.Logging;

public sealed class LogOutputFormatsTests
{
    [Theory]
    [InlineData(null, "Text")]
    [InlineData("", "Text")]
    [InlineData("text", "Text")]
    [InlineData(" JSON ", "Json")]
    public void Reads_the_launcher_log_format_with_text_as_default(string? value, string expected)
    {
        Assert.True(LogOutputFormats.TryParse(value, out var format));
        Assert.Equal(expected, format.ToString());
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
