using PromscaleLauncher.Logging.Promscale;
using PromscaleLauncher.Tests.Logging.Support;

namespace PromscaleLauncher.Tests.Logging;

public sealed class LogfmtParserTests
{
    private static List<KeyValuePair<string, string>> Parse(string line)
    {
        var fields = new List<KeyValuePair<string, string>>();
        Assert.True(new LogfmtParser().TryParse(line, fields), $"not parsed as logfmt: {line}");
        return fields;
    }

    private static void AssertFields(List<KeyValuePair<string, string>> actual, params (string Key, string Value)[] expected) =>
        Assert.Equal(expected.Select(e => new KeyValuePair<string, string>(e.Key, e.Value)), actual);

    [Fact]
    public void Parses_the_0_17_version_line_into_ordered_pairs()
    {
        AssertFields(Parse(PromscaleLines.Version017),
            ("level", "info"),
            ("ts", "2023-01-11T10:00:00.000Z"),
            ("caller", "runner.go:86"),
            ("msg", "Version: 0.17.0, Commit Hash: 148f25dbabd6f93fa8d317e9ffb5b5baf449e061, Branch: HEAD"));
    }

    [Fact]
    public void Keeps_keys_with_dots_dashes_and_slashes_and_unquoted_values()
    {
        AssertFields(Parse(PromscaleLines.Runtime017)[3..],
            ("msg", "runtime"),
            ("writer-pool.size", "50"),
            ("reader-pool.size", "25"),
            ("maint-pool.size", "5"),
            ("min-pool.connections", "2"),
            ("num-copiers", "4"),
            ("statement-cache", "512"));

        var throughput = Parse(PromscaleLines.Throughput);
        Assert.Contains(new KeyValuePair<string, string>("samples/sec", "12000"), throughput);
    }

    [Fact]
    public void Reads_the_whole_config_value_of_the_0_17_config_line()
    {
        var fields = Parse(PromscaleLines.Config017);

        Assert.Equal(4, fields.Count);
        Assert.Equal("config", fields[3].Key);
        Assert.StartsWith("{ListenAddr::9201 ", fields[3].Value);
        Assert.EndsWith("StartupOnly:false}", fields[3].Value);
    }

    [Fact]
    public void Unescapes_Go_escapes_in_quoted_values()
    {
        var fields = Parse("level=info msg=\"a \\\"quoted\\\" word\\\\path\\nnext\\ttab \\u00e9\\u0001 \\/\"");

        Assert.Equal("a \"quoted\" word\\path\nnext\ttab é\u0001 /", fields[1].Value);
    }

    [Fact]
    public void Keeps_unknown_or_malformed_escapes_as_written()
    {
        var fields = Parse("level=info msg=\"bad \\x escape \\u12 short\" next=1");

        Assert.Equal("bad \\x escape \\u12 short", fields[1].Value);
        Assert.Equal(new KeyValuePair<string, string>("next", "1"), fields[2]);
    }

    [Fact]
    public void Reads_an_escaped_error_with_quotes_inside()
    {
        var fields = Parse(PromscaleLines.WriteFailed);

        Assert.Contains(new KeyValuePair<string, string>("err", "ERROR: relation \"prom_data.up\" does not exist (SQLSTATE 42P01)"), fields);
        Assert.Equal(new KeyValuePair<string, string>("num_samples", "45"), fields[^1]);
    }

    [Fact]
    public void Reads_the_healthcheck_error_logged_without_a_key_as_a_key_with_the_MISSING_value()
    {
        var fields = Parse(PromscaleLines.HealthcheckFailed);

        Assert.Equal(new KeyValuePair<string, string>(PromscaleLines.HealthcheckMissingKey, "(MISSING)"), fields[^1]);
    }

    [Fact]
    public void Gives_a_key_without_equals_sign_an_empty_value()
    {
        AssertFields(Parse("level=info foo msg=x bar"), ("level", "info"), ("foo", ""), ("msg", "x"), ("bar", ""));
    }

    [Fact]
    public void Reads_empty_values_and_an_unterminated_quote_to_the_end_of_the_line()
    {
        AssertFields(Parse("level=info empty= quoted=\"\" msg=\"never closed"),
            ("level", "info"), ("empty", ""), ("quoted", ""), ("msg", "never closed"));
    }

    [Fact]
    public void Treats_tabs_and_repeated_spaces_as_separators()
    {
        AssertFields(Parse("level=warn   a=1\tb=2  "), ("level", "warn"), ("a", "1"), ("b", "2"));
    }

    [Fact]
    public void Parses_the_0_10_lines()
    {
        AssertFields(Parse(PromscaleLines.Listening010)[3..], ("msg", "Listening"), ("addr", ":9201"));
        var pool = Parse(PromscaleLines.Pool010);
        Assert.Equal("postgresql://promscale:****@db:5432/promscale?sslmode=require", pool[3].Value);
        Assert.Equal(new KeyValuePair<string, string>("statement_cache", "512 statements"), pool[^1]);
    }

    [Theory]
    [InlineData(PromscaleLines.AutomaxprocsLine)]
    [InlineData(PromscaleLines.FatalError010Stdout)]
    [InlineData("Version:  0.10.0 Commit Hash:  0742e64f")]
    [InlineData("panic: runtime error: invalid memory address or nil pointer dereference")]
    [InlineData("goroutine 1 [running]:")]
    [InlineData("flag provided but not defined: -foo")]
    [InlineData("Usage of promscale:")]
    [InlineData("  -db.uri string")]
    [InlineData("0.17.0")]
    [InlineData("")]
    [InlineData(" level=info msg=indented")]
    [InlineData(PromscaleLines.JsonStarted)]
    public void Says_not_logfmt_for_lines_that_do_not_start_with_level(string line)
    {
        var fields = new List<KeyValuePair<string, string>>();

        Assert.False(new LogfmtParser().TryParse(line, fields));
        Assert.Empty(fields);
    }
}
