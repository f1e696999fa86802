using PromscaleLauncher.Tests.FakePromscale.Support;

namespace PromscaleLauncher.Tests.FakePromscale;

/// <summary>Environment, config file, precedence and validations (docs/promscale.md §1.2, §1.3, §1.5, §2.3) — no database.</summary>
public sealed class ConfigurationSourcesTests
{
    private static Dictionary<string, string> Environment(string version, params (string Name, string Value)[] variables)
    {
        var environment = new Dictionary<string, string>
        {
            ["FAKE_PROMSCALE_VERSION"] = version,
            ["FAKE_PROMSCALE_SKIP_DATABASE"] = "true",
        };
        foreach (var (name, value) in variables)
        {
            environment[name] = value;
        }

        return environment;
    }

    [Fact]
    public async Task Reports_a_bad_environment_value()
    {
        var (code, fake) = await RunningFake.RunAsync(Environment("0.17.0", ("PROMSCALE_DB_PORT", "abc")));

        Assert.Equal(1, code);
        Assert.EndsWith("err=\"error parsing env variables: error setting flag \\\"db.port\\\" from env variable \\\"PROMSCALE_DB_PORT\\\": parse error\"", fake.Stderr[^1]);
    }

    [Fact]
    public async Task Applies_command_line_over_environment_over_config_file_and_ignores_empty_variables()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(Path.Combine(directory.Path, "config.yml"), "web:\n  listen-address: :1111\ndb:\n  user: fileuser\ndb.name: 'fromfile' # comment\n");
        var environment = Environment("0.17.0", ("PROMSCALE_WEB_LISTEN_ADDRESS", ":2222"), ("PROMSCALE_DB_NAME", string.Empty));
        var fake = RunningFake.Start(environment, ["-db.user=cliuser", "-startup.only"], directory.Path);

        Assert.Equal(0, await fake.WaitForExitAsync());
        var config = fake.Stderr.Single(line => line.Contains(" config=", StringComparison.Ordinal));
        Assert.Contains("ListenAddr::2222 ", config);
        Assert.Contains("User:cliuser ", config);
        Assert.Contains("Database:fromfile ", config);
    }

    [Fact]
    public async Task Fails_on_an_unknown_config_file_key()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(Path.Combine(directory.Path, "config.yml"), "foo: bar\n");
        var fake = RunningFake.Start(Environment("0.17.0"), [], directory.Path);

        Assert.Equal(1, await fake.WaitForExitAsync());
        Assert.EndsWith("err=\"configuration error when parsing flags: config file flag \\\"foo\\\" not defined in flag set\"", fake.Stderr[^1]);
    }

    [Theory]
    [InlineData("0.10.0", "web:\n  listen-address: :1111\n", "Fatal error: cannot parse flags:  configuration error: config file flag \"web\" not defined in flag set")]
    [InlineData("0.17.0", "db.name: [unclosed\n", "err=\"configuration error when parsing flags: couldn't load config file config.yml: While parsing config: yaml: ")]
    public async Task Refuses_a_config_file_it_cannot_apply(string version, string yaml, string error)
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(Path.Combine(directory.Path, "config.yml"), yaml);
        var fake = RunningFake.Start(Environment(version), [], directory.Path);

        Assert.Equal(1, await fake.WaitForExitAsync());
        Assert.Contains(error, version == "0.10.0" ? string.Join('\n', fake.Stdout) : fake.Stderr[^1]);
    }

    [Fact]
    public async Task Silences_every_promscale_line_with_PROMSCALE_LOGGING_false()
    {
        var (code, fake) = await RunningFake.RunAsync(Environment("0.17.0", ("PROMSCALE_LOGGING", "false")), "-startup.only");

        Assert.Equal(0, code);
        Assert.Contains("maxprocs: ", Assert.Single(fake.Stderr));
    }

    [Fact]
    public async Task Prints_the_web_password_in_clear_text_in_the_config_line_in_0_17()
    {
        var (code, fake) = await RunningFake.RunAsync(Environment("0.17.0"), "-web.auth.username=u", "-web.auth.password=s3cret", "-db.password=dbsecret", "-startup.only");

        Assert.Equal(0, code);
        var config = fake.Stderr.Single(line => line.Contains(" config=", StringComparison.Ordinal));
        Assert.Contains("BasicAuthPassword:s3cret ", config);
        Assert.Contains("Password:****", config);
        Assert.DoesNotContain("dbsecret", fake.StderrText);
    }

    [Fact]
    public async Task Writes_json_lines_with_sorted_keys()
    {
        var (code, fake) = await RunningFake.RunAsync(Environment("0.17.0"), "-telemetry.log.format=json", "-startup.only");

        Assert.Equal(0, code);
        Assert.StartsWith("{\"caller\":\"runner.go:86\",\"level\":\"info\",\"msg\":\"Version: 0.17.0,", fake.Stderr[1]);
    }

    [Theory]
    [InlineData("0.17.0", "-telemetry.log.level=verbose", "err=\"unrecognized log level \\\"verbose\\\"\"")]
    [InlineData("0.17.0", "-telemetry.log.format=xml", "err=\"unrecognized log format xml\"")]
    public async Task Fails_to_start_the_logger_on_a_bad_level_or_format(string version, string argument, string error)
    {
        var (code, fake) = await RunningFake.RunAsync(Environment(version), argument);

        Assert.Equal(1, code);
        Assert.Equal(["Version: 0.17.0, Commit Hash: 148f25dbabd6f93fa8d317e9ffb5b5baf449e061, Branch: HEAD"], fake.Stdout);
        Assert.Contains("caller=main.go:32 msg=\"cannot start logger\" " + error, fake.Stderr[^1]);
    }

    [Theory]
    [InlineData("0.17.0", new[] { "-web.auth.username=u", "-web.auth.bearer-token=t" }, "validate config: error validating Auth configuration: at most one of basic-auth-username, bearer-token & bearer-token-file must be set")]
    [InlineData("0.17.0", new[] { "-web.auth.username=u" }, "validate config: error validating Auth configuration: one of basic-auth-password & basic-auth-password-file must be configured")]
    [InlineData("0.17.0", new[] { "-web.auth.username=u", "-web.auth.password=p", "-web.auth.password-file=/x" }, "validate config: error validating Auth configuration: at most one of basic-auth-password & basic-auth-password-file must be configured")]
    [InlineData("0.17.0", new[] { "-web.auth.password=p" }, "validate config: error validating Auth configuration: invalid auth setup, cannot enable authorization with password only (username required)")]
    [InlineData("0.17.0", new[] { "-web.auth.bearer-token=t", "-web.auth.bearer-token-file=/x" }, "validate config: error validating Auth configuration: at most one of bearer-token & bearer-token-file must be set")]
    [InlineData("0.17.0", new[] { "-web.auth.username=u", "-web.auth.password-file=/nonexistent/pw" }, "validate config: error validating Auth configuration: error reading password file: unable to read file /nonexistent/pw: open /nonexistent/pw: no such file or directory")]
    [InlineData("0.10.0", new[] { "-web.auth.password=p" }, "validate config: error validating API configuration: invalid auth setup, cannot enable authorization with password only (username required)")]
    [InlineData("0.17.0", new[] { "-db.uri=postgres://a@b/c", "-db.name=other" }, "validate config: error validating client configuration: failed to build DB credentials with provided flags. Please use either db flags or db-uri not both")]
    public async Task Rejects_invalid_combinations_with_promscales_texts(string version, string[] arguments, string error)
    {
        var (code, fake) = await RunningFake.RunAsync(Environment(version), arguments);

        Assert.Equal(1, code);
        // 0.10 reports it in plain text on stdout, 0.17 as a logfmt line on stderr (docs/promscale.md §1.5).
        Assert.EndsWith(version == "0.10.0" ? $"cannot parse flags:  {error}" : $"msg=\"cannot parse flags\" err=\"{error}\"", version == "0.10.0" ? fake.Stdout[^1] : fake.Stderr[^1]);
    }

    [Fact]
    public async Task Reads_the_password_file_trimmed()
    {
        using var directory = new TemporaryDirectory();
        var passwordFile = Path.Combine(directory.Path, "pw");
        File.WriteAllText(passwordFile, "  from-file\n");
        var (code, fake) = await RunningFake.RunAsync(Environment("0.17.0"), "-web.auth.username=u", $"-web.auth.password-file={passwordFile}", "-startup.only");

        Assert.Equal(0, code);
        Assert.Contains("BasicAuthPassword:from-file ", fake.StderrText);
    }
}
