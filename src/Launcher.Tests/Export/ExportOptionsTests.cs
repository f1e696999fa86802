using PromscaleLauncher.Export;

namespace PromscaleLauncher.Tests.Export;

/// <summary>`export`'s pure logic: times and durations, the target and its credentials.</summary>
public sealed class ExportOptionsTests
{
    private static readonly DateTimeOffset _now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("90d", "2026-09-07T12:00:00.000Z")]
    [InlineData("1w", "2026-11-29T12:00:00.000Z")]
    [InlineData("1h30m", "2026-12-06T10:30:00.000Z")]
    [InlineData("2026-01-31T00:00:00Z", "2026-01-31T00:00:00.000Z")]
    [InlineData("2026-01-31T02:00:00+02:00", "2026-01-31T00:00:00.000Z")]
    public void Reads_RFC_3339_times_and_ages_before_now(string text, string expected)
    {
        Assert.True(ExportTimeParser.TryParseInstant(text, _now, out var instant));
        Assert.Equal(expected, ExportTimeParser.Format(instant));
    }

    [Theory]
    [InlineData("")]
    [InlineData("90")]
    [InlineData("1y")]
    [InlineData("d")]
    [InlineData("2026-01-31T00:00:00")]
    [InlineData("yesterday")]
    public void Refuses_what_is_neither_a_time_with_an_offset_nor_a_duration(string text) =>
        Assert.False(ExportTimeParser.TryParseInstant(text, _now, out _));

    [Theory]
    [InlineData("1d", "1d")]
    [InlineData("36h", "1d12h")]
    [InlineData("90m", "1h30m")]
    [InlineData("1500ms", "1s500ms")]
    public void Formats_durations_as_it_reads_them(string text, string formatted)
    {
        Assert.True(ExportTimeParser.TryParseDuration(text, out var duration));
        Assert.Equal(formatted, ExportTimeParser.Format(duration));
    }

    [Fact]
    public void Keys_progress_on_the_URL_and_asks_the_query_API_beside_the_write_path()
    {
        Assert.True(ExportTarget.TryParse("https://vm.example.com:8428/prefix/api/v1/write", new Dictionary<string, string>(), out var target, out _, out _));
        Assert.Equal("https://vm.example.com:8428/prefix/api/v1/write", target!.Identity);
        Assert.Equal("https://vm.example.com:8428/prefix/", target.QueryBase.ToString());
        Assert.Null(target.Credentials.Header);
    }

    [Fact]
    public void Leaves_the_query_string_out_of_what_is_logged_and_stored()
    {
        Assert.True(ExportTarget.TryParse("https://receiver.example.com/api/v1/write?token=s3cr3t-in-query", new Dictionary<string, string>(), out var target, out _, out _));
        Assert.Equal("https://receiver.example.com/api/v1/write", target!.Identity);
        Assert.Equal("s3cr3t-in-query", System.Web.HttpUtility.ParseQueryString(target.Url.Query)["token"]);
    }

    [Fact]
    public void Refuses_credentials_in_the_URL_without_repeating_them()
    {
        Assert.False(ExportTarget.TryParse("https://user:s3cret-in-url@vm.example.com/api/v1/write", new Dictionary<string, string>(), out _, out var problem, out var fix));
        Assert.DoesNotContain("s3cret-in-url", problem + fix);
        Assert.Contains("PROMSCALE_LAUNCHER_EXPORT_PASSWORD", fix);
    }

    [Fact]
    public void Takes_basic_auth_or_a_bearer_token_from_the_environment_and_never_prints_it()
    {
        var basic = new Dictionary<string, string> { ["PROMSCALE_LAUNCHER_EXPORT_USERNAME"] = "u", ["PROMSCALE_LAUNCHER_EXPORT_PASSWORD"] = "p4ss-word" };
        Assert.True(ReceiverCredentials.TryRead(basic, out var credentials, out _, out _));
        Assert.Equal("Basic", credentials!.Header!.Scheme);
        Assert.DoesNotContain("p4ss-word", credentials.ToString());

        var token = new Dictionary<string, string> { ["PROMSCALE_LAUNCHER_EXPORT_BEARER_TOKEN"] = "t0ken" };
        Assert.True(ReceiverCredentials.TryRead(token, out credentials, out _, out _));
        Assert.Equal("Bearer", credentials!.Header!.Scheme);
        Assert.DoesNotContain("t0ken", credentials.Description);

        var both = new Dictionary<string, string>(basic) { ["PROMSCALE_LAUNCHER_EXPORT_BEARER_TOKEN"] = "t0ken" };
        Assert.False(ReceiverCredentials.TryRead(both, out _, out _, out _));
        Assert.False(ReceiverCredentials.TryRead(new Dictionary<string, string> { ["PROMSCALE_LAUNCHER_EXPORT_USERNAME"] = "u" }, out _, out var problem, out _));
        Assert.Contains("PROMSCALE_LAUNCHER_EXPORT_PASSWORD", problem);
    }
}
