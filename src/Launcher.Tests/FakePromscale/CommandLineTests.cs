using PromscaleLauncher.Tests.FakePromscale.Support;

namespace PromscaleLauncher.Tests.FakePromscale;

/// <summary>Go <c>flag</c> behaviour and the bootstrap error lines of docs/promscale.md §1.1, §1.4, §1.5 — no database involved.</summary>
public sealed class CommandLineTests
{
    private static Dictionary<string, string> Version(string version) => new() { ["FAKE_PROMSCALE_VERSION"] = version };

    [Theory]
    [InlineData("0.10.0")]
    [InlineData("0.17.0")]
    public async Task Prints_the_bare_version_on_stdout_with_single_dash_version(string version)
    {
        var (code, fake) = await RunningFake.RunAsync(Version(version), "-web.listen-address=nonsense", "-version");

        Assert.Equal(0, code);
        Assert.Equal([version], fake.Stdout);
        Assert.Contains("maxprocs: ", fake.Stderr.Single());
    }

    [Fact]
    public async Task Rejects_double_dash_version_as_an_unknown_flag()
    {
        var (code, fake) = await RunningFake.RunAsync(Version("0.17.0"), "--version");

        Assert.Equal(1, code);
        Assert.Equal("flag provided but not defined: -version", fake.Stderr[1]);
    }

    [Fact]
    public async Task Panics_with_exit_2_on_an_empty_argument()
    {
        var (code, fake) = await RunningFake.RunAsync(Version("0.17.0"), string.Empty);

        Assert.Equal(2, code);
        Assert.StartsWith("panic: runtime error: slice bounds out of range", fake.Stderr[1]);
    }

    [Fact]
    public async Task Reports_an_unknown_flag_like_go_flag_then_with_two_logfmt_lines_in_0_17()
    {
        var (code, fake) = await RunningFake.RunAsync(Version("0.17.0"), "-foo");

        Assert.Equal(1, code);
        Assert.Empty(fake.Stdout);
        var stderr = fake.Stderr;
        Assert.Equal("flag provided but not defined: -foo", stderr[1]);
        Assert.StartsWith("Usage of ", stderr[2]);
        Assert.Contains("  -db.uri postgres://postgres:password@localhost:5432/timescale?sslmode=require", stderr);
        Assert.Contains("    \tAddress to listen on for web endpoints. (default \":9201\")", stderr);

        Assert.Matches(@"^level=info ts=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z caller=main\.go:26 msg=""Version: 0\.17\.0, Commit Hash: 148f25dbabd6f93fa8d317e9ffb5b5baf449e061, Branch: HEAD""$", stderr[^2]);
        Assert.EndsWith(
            "caller=main.go:27 msg=\"cannot parse flags\" err=\"configuration error when parsing flags: error parsing commandline args: flag provided but not defined: -foo\"",
            stderr[^1]);
        Assert.StartsWith("level=error ", stderr[^1]);
    }

    [Fact]
    public async Task Reports_a_flag_error_on_stdout_in_plain_text_in_0_10()
    {
        var (code, fake) = await RunningFake.RunAsync(Version("0.10.0"), "-db.port=abc");

        Assert.Equal(1, code);
        Assert.Equal("invalid value \"abc\" for flag -db.port: parse error", fake.Stderr[1]);
        Assert.Equal(2, fake.Stdout.Count);
        Assert.StartsWith("Version:  0.10.0 Commit Hash:  0742e64f", fake.Stdout[0]);
        Assert.Equal("Fatal error: cannot parse flags:  configuration error: error parsing commandline args: invalid value \"abc\" for flag -db.port: parse error", fake.Stdout[1]);
    }

    [Fact]
    public async Task Treats_help_as_a_parse_error_with_usage_on_stderr()
    {
        var (code, fake) = await RunningFake.RunAsync(Version("0.17.0"), "-h");

        Assert.Equal(1, code);
        Assert.StartsWith("Usage of ", fake.Stderr[1]);
        Assert.Contains("err=\"configuration error when parsing flags: error parsing commandline args: flag: help requested\"", fake.Stderr[^1]);
    }

    [Theory]
    [InlineData("-startup.only=x", "invalid boolean value \"x\" for -startup.only: parse error")]
    [InlineData("-db.connection-timeout=5", "invalid value \"5\" for flag -db.connection-timeout: parse error")]
    [InlineData("-web.listen-address", "flag needs an argument: -web.listen-address")]
    [InlineData("---db.uri=x", "bad flag syntax: ---db.uri=x")]
    public async Task Reports_bad_values_with_the_go_flag_text(string argument, string message)
    {
        var (code, fake) = await RunningFake.RunAsync(Version("0.17.0"), argument);

        Assert.Equal(1, code);
        Assert.Equal(message, fake.Stderr[1]);
        Assert.EndsWith($"err=\"configuration error when parsing flags: error parsing commandline args: {message.Replace("\"", "\\\"", StringComparison.Ordinal)}\"", fake.Stderr[^1]);
    }

    [Fact]
    public async Task Stops_parsing_at_the_first_positional_argument()
    {
        // "-startup.only true": the bool takes no separate value, "true" is positional and "-foo" is never seen.
        var environment = Version("0.17.0");
        environment["FAKE_PROMSCALE_SKIP_DATABASE"] = "true";
        var (code, fake) = await RunningFake.RunAsync(environment, "-startup.only", "true", "-foo");

        Assert.Equal(0, code);
        Assert.Contains(fake.Stderr, line => line.Contains("msg=\"Promscale in startup-only mode", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refuses_an_unknown_fake_version()
    {
        var (code, fake) = await RunningFake.RunAsync(Version("1.2.3"), "-version");

        Assert.Equal(64, code);
        Assert.Contains("FAKE_PROMSCALE_VERSION=1.2.3", fake.StderrText);
    }
}
