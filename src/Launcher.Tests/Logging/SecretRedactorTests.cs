using PromscaleLauncher.Logging.Promscale;
using PromscaleLauncher.Tests.Logging.Support;

namespace PromscaleLauncher.Tests.Logging;

public sealed class SecretRedactorTests
{
    private static readonly SecretRedactor _structuralOnly = SecretRedactor.WithoutKnownSecrets;

    [Fact]
    public void Redacts_the_clear_text_basic_auth_password_from_the_0_17_config_line()
    {
        var redacted = new SecretRedactor([PromscaleLines.BasicAuthPassword]).Redact(PromscaleLines.Config017);

        Assert.DoesNotContain(PromscaleLines.BasicAuthPassword, redacted);
        Assert.Contains("BasicAuthPassword:**** BasicAuthPasswordFile: ", redacted);
        Assert.Equal(PromscaleLines.Config017.Replace(PromscaleLines.BasicAuthPassword, "****", StringComparison.Ordinal), redacted);
    }

    [Fact]
    public void Redacts_the_basic_auth_password_of_a_config_line_even_when_it_is_not_known()
    {
        var redacted = _structuralOnly.Redact(PromscaleLines.Config017);

        Assert.DoesNotContain(PromscaleLines.BasicAuthPassword, redacted);
        Assert.Contains("BasicAuthPassword:**** ", redacted);
        Assert.Contains("Password:**** Database:promscale", redacted);
        Assert.Contains("BasicAuthUsername:admin ", redacted);
    }

    [Fact]
    public void Redacts_the_bearer_token_of_a_config_line_even_when_it_is_not_known()
    {
        var redacted = _structuralOnly.Redact(PromscaleLines.Config017WithBearerToken);

        Assert.DoesNotContain(PromscaleLines.BearerToken, redacted);
        Assert.Contains("BearerToken:**** BearerTokenFile: ", redacted);
    }

    [Fact]
    public void Leaves_empty_config_fields_and_the_file_fields_alone()
    {
        const string line = "config=\"{AuthConfig:{BasicAuthPassword: BasicAuthPasswordFile:/etc/pw BearerToken:} BearerTokenFile:/etc/tok}\"";

        Assert.False(_structuralOnly.TryRedact(line, out _));
    }

    [Fact]
    public void Redacts_a_known_secret_anywhere_in_a_line_every_time_it_occurs()
    {
        var redactor = new SecretRedactor(["s3cr3t"]);

        Assert.Equal("a **** b ****c ****", redactor.Redact("a s3cr3t b s3cr3ts3cr3tc s3cr3t"));
        Assert.Equal("****", redactor.Redact("s3cr3t"));
    }

    [Theory]
    [InlineData("p@ss w/rd:%", "user p%40ss%20w%2Frd%3A%25 end")]
    [InlineData("p@ss w/rd:%", "user p%40ss%20w%2frd%3a%25 end")]
    [InlineData("a;b=c", "x a%3Bb%3Dc y")]
    [InlineData("p@ss;w", "x p%40ss;w y")]
    [InlineData("two words", "q two+words r")]
    public void Redacts_the_percent_encoded_forms_of_a_known_secret(string secret, string line)
    {
        var redacted = new SecretRedactor([secret]).Redact(line);

        Assert.Contains("****", redacted);
        Assert.DoesNotContain(Uri.EscapeDataString(secret), redacted, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(secret, redacted);
    }

    [Fact]
    public void Redacts_a_known_secret_as_escaped_in_a_logfmt_or_json_value()
    {
        var redactor = new SecretRedactor(["qu\"ote\\<x>"]);

        Assert.Equal("level=info msg=\"pw ****\"", redactor.Redact("level=info msg=\"pw qu\\\"ote\\\\<x>\""));
        Assert.Equal("{\"msg\":\"pw ****\"}", redactor.Redact("{\"msg\":\"pw qu\\\"ote\\\\\\u003cx\\u003e\"}"));
    }

    [Fact]
    public void Redacts_the_password_in_the_userinfo_of_any_URL()
    {
        Assert.Equal(
            "level=error msg=\"cannot connect to postgres://promscale:****@db:5432/p?sslmode=require\"",
            _structuralOnly.Redact("level=error msg=\"cannot connect to postgres://promscale:hunter2@db:5432/p?sslmode=require\""));
        Assert.Equal("postgresql://u:****@h", _structuralOnly.Redact("postgresql://u:p@ss@h"));
        Assert.Equal("see http://user:****@example.com/", _structuralOnly.Redact("see http://user:x@example.com/"));
    }

    [Theory]
    [InlineData("msg=\"postgresql://promscale:****@db.example.com:5432/promscale?sslmode=require\"")]
    [InlineData("postgres://user@host/db")]
    [InlineData("http://host:9201/path@x")]
    [InlineData("listening-port=:9201 http://localhost:9201/metrics")]
    public void Leaves_URLs_without_a_password_alone(string line)
    {
        Assert.False(_structuralOnly.TryRedact(line, out _));
    }

    [Theory]
    [InlineData("host=db password=hunter2 user=u", "host=db password=**** user=u")]
    [InlineData("postgres://db/p?sslmode=require&password=hunter2&x=1", "postgres://db/p?sslmode=require&password=****&x=1")]
    [InlineData("msg=\"dsn host=db password=hunter2\"", "msg=\"dsn host=db password=****\"")]
    [InlineData("host=db password='two words\\' here' user=u", "host=db password='****' user=u")]
    [InlineData("PASSWORD=x", "PASSWORD=****")]
    [InlineData("sslpassword=x", "sslpassword=****")]
    public void Redacts_password_keyword_values(string line, string expected)
    {
        Assert.Equal(expected, _structuralOnly.Redact(line));
    }

    [Fact]
    public void Masks_overlapping_secrets_and_a_secret_inside_a_structural_key_as_a_whole()
    {
        Assert.Equal("****", new SecretRedactor(["abc", "bcdef"]).Redact("abcdef"));
        Assert.Equal("x****y", new SecretRedactor(["aba"]).Redact("xababay"));
        Assert.Equal("****erToken:****", new SecretRedactor(["Bear"]).Redact("BearerToken:xyz"));
    }

    [Fact]
    public void Ignores_empty_and_null_secrets()
    {
        var redactor = new SecretRedactor(["", null, "x"]);

        Assert.Equal("a****b", redactor.Redact("axb"));
        Assert.False(new SecretRedactor(["", null]).TryRedact(PromscaleLines.Started017, out _));
    }

    [Theory]
    [InlineData(PromscaleLines.Version017)]
    [InlineData(PromscaleLines.Started017)]
    [InlineData(PromscaleLines.Runtime017)]
    [InlineData(PromscaleLines.PoolUrl017)]
    [InlineData(PromscaleLines.Throughput)]
    [InlineData(PromscaleLines.AutomaxprocsLine)]
    [InlineData("")]
    public void Leaves_ordinary_lines_untouched_without_allocating(string line)
    {
        var redactor = new SecretRedactor(["hunter2", "tok3n"]);

        Assert.False(redactor.TryRedact(line, out var redacted));
        Assert.Null(redacted);
        Assert.Same(line, redactor.Redact(line));
    }

    [Fact]
    public void Splits_a_long_line_before_a_secret_that_would_straddle_the_cut()
    {
        // The hold-back covers the secret escaped char by char, so the window must be larger than that.
        var redactor = new SecretRedactor(["0123456789"]);
        var holdBackCut = 1000 - (redactor.LongestNeedleLength - 1);
        var text = new string('x', holdBackCut - 3) + "0123456789" + new string('y', 1000);

        var split = redactor.FindSafeSplit(text, 1000);

        Assert.Equal(holdBackCut, redactor.FindSafeSplit(new string('x', 2000), 1000));
        Assert.Equal(holdBackCut - 3, split);
    }

    [Fact]
    public void Splits_a_long_line_before_a_structural_value_that_runs_past_the_window()
    {
        var text = new string('x', 60) + " BasicAuthPassword:" + new string('p', 100);

        Assert.Equal(61, _structuralOnly.FindSafeSplit(text, 100));
    }

    [Fact]
    public void Splits_a_long_line_without_secrets_after_holding_back_one_needle_length()
    {
        var redactor = new SecretRedactor(["0123456789"]);
        var text = new string('x', 1000);

        var split = redactor.FindSafeSplit(text, 500);

        Assert.Equal(500 - (redactor.LongestNeedleLength - 1), split);
        Assert.Equal(5, redactor.FindSafeSplit(text.AsSpan(0, 5), 500));
    }

    [Fact]
    public void Never_splits_a_surrogate_pair()
    {
        var text = new string('x', 100 - SecretRedactor.WithoutKnownSecrets.LongestNeedleLength) + "😀😀😀😀😀" + new string('x', 100);

        for (var max = 50; max < 120; max++)
        {
            var split = _structuralOnly.FindSafeSplit(text, max);
            Assert.False(char.IsHighSurrogate(text[split - 1]), $"split {split} for max {max}");
            Assert.InRange(split, 1, max);
        }
    }
}
