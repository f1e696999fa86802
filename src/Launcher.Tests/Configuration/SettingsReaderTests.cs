using PromscaleLauncher.Configuration;
using PromscaleLauncher.Promscale;

namespace PromscaleLauncher.Tests.Configuration;

public sealed class SettingsReaderTests
{
    private const string Password = "web-pa55word";
    private const string DbPassword = "db-pa55word";

    private static Dictionary<string, string> Valid(params (string Name, string Value)[] overrides)
    {
        var environment = new Dictionary<string, string>
        {
            ["SCALINGO_POSTGRESQL_URL"] = $"postgresql://app:{DbPassword}@db.example.com:31000/app?sslmode=prefer",
            ["PROMSCALE_WEB_AUTH_USERNAME"] = "prometheus",
            ["PROMSCALE_WEB_AUTH_PASSWORD"] = Password,
            ["PORT"] = "8080",
        };
        foreach (var (name, value) in overrides)
        {
            environment[name] = value;
        }
        return environment;
    }

    [Fact]
    public void Reads_a_Scalingo_environment_and_upgrades_sslmode_prefer_to_require()
    {
        var result = SettingsReader.Read(Valid());

        Assert.True(result.IsValid);
        var settings = result.Settings!;
        Assert.Equal(SslMode.Require, settings.SslMode);
        Assert.Equal("require", settings.DatabaseUrl.GetParameter("sslmode"));
        Assert.Equal(8080, settings.Port);
        Assert.Equal(PromscaleVersion.V0_10_0, settings.PromscaleVersion);
        Assert.False(settings.PromscaleVersionFromEnvironment);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.DbWait);
        Assert.Equal(1, settings.Instances);
        Assert.Equal(LogFormat.Text, settings.LogFormat);
        Assert.Contains(result.Notices, notice => notice.Level == NoticeLevel.Warning && notice.Message.Contains("sslmode=require"));
        Assert.Equal([DbPassword, Password], settings.Secrets);
    }

    [Theory]
    [InlineData("?sslmode=allow", "require")]
    [InlineData("", "require")]
    [InlineData("?sslmode=require", "require")]
    [InlineData("?sslmode=verify-ca", "verify-ca")]
    [InlineData("?sslmode=verify-full", "verify-full")]
    public void Never_connects_with_less_than_require_by_default(string query, string expected)
    {
        var result = SettingsReader.Read(Valid(("SCALINGO_POSTGRESQL_URL", "postgres://u:p@h/db" + query)));

        Assert.Equal(expected, result.Settings!.SslMode.ToUrlValue());
    }

    [Fact]
    public void Refuses_sslmode_disable_unless_insecure_databases_are_allowed()
    {
        var refused = SettingsReader.Read(Valid(("SCALINGO_POSTGRESQL_URL", "postgres://u:p@h/db?sslmode=disable")));
        var allowed = SettingsReader.Read(Valid(("SCALINGO_POSTGRESQL_URL", "postgres://u:p@h/db?sslmode=disable"), ("PROMSCALE_LAUNCHER_ALLOW_INSECURE_DB", "true")));

        var problem = Assert.Single(refused.Problems);
        Assert.Equal("SCALINGO_POSTGRESQL_URL", problem.Variable);
        Assert.Contains("PROMSCALE_LAUNCHER_ALLOW_INSECURE_DB=true", problem.Fix);
        Assert.Equal(SslMode.Disable, allowed.Settings!.SslMode);
    }

    [Fact]
    public void Keeps_prefer_as_given_when_insecure_databases_are_allowed()
    {
        var result = SettingsReader.Read(Valid(("PROMSCALE_LAUNCHER_ALLOW_INSECURE_DB", "1")));

        Assert.Equal(SslMode.Prefer, result.Settings!.SslMode);
    }

    [Fact]
    public void Falls_back_to_DATABASE_URL()
    {
        var environment = Valid();
        environment.Remove("SCALINGO_POSTGRESQL_URL");
        environment["DATABASE_URL"] = "postgres://u:p@fallback/db";

        var settings = SettingsReader.Read(environment).Settings!;

        Assert.Equal("DATABASE_URL", settings.DatabaseUrlVariable);
        Assert.Equal("fallback", settings.DatabaseUrl.Hosts[0].Name);
    }

    [Fact]
    public void Lists_every_problem_at_once_with_the_variable_and_a_fix()
    {
        var result = SettingsReader.Read(new Dictionary<string, string>
        {
            ["PORT"] = "http",
            ["PROMSCALE_DB_CONNECTIONS_MAX"] = "-3",
            ["PROMSCALE_STARTUP_INSTALL_EXTENSIONS"] = "yes",
            ["PROMSCALE_VERSION"] = "v0.10.0",
            ["PROMSCALE_LAUNCHER_DB_WAIT"] = "forever",
            ["PROMSCALE_LAUNCHER_INSTANCES"] = "0",
            ["PROMSCALE_LAUNCHER_LOG_FORMAT"] = "xml",
            ["PROMSCALE_LOG_LEVEL"] = "debug",
        });

        Assert.False(result.IsValid);
        Assert.Equal(
            ["PORT", "PROMSCALE_DB_CONNECTIONS_MAX", "PROMSCALE_LAUNCHER_DB_WAIT", "PROMSCALE_LAUNCHER_INSTANCES", "PROMSCALE_LAUNCHER_LOG_FORMAT",
             "PROMSCALE_LOG_LEVEL", "PROMSCALE_STARTUP_INSTALL_EXTENSIONS", "PROMSCALE_VERSION", "PROMSCALE_WEB_AUTH_PASSWORD", "PROMSCALE_WEB_AUTH_USERNAME",
             "SCALINGO_POSTGRESQL_URL"],
            result.Problems.Select(problem => problem.Variable).Order(StringComparer.Ordinal));
        Assert.All(result.Problems, problem =>
        {
            Assert.False(string.IsNullOrWhiteSpace(problem.Fix));
            Assert.DoesNotContain('\n', problem.ToString());
        });
    }

    [Fact]
    public void Names_the_new_variable_for_a_removed_Promscale_variable()
    {
        var result = SettingsReader.Read(Valid(("PROMSCALE_LOG_LEVEL", "debug"), ("PROMSCALE_AUTH_PASSWORD", "x"), ("PROMSCALE_MIGRATE", "only")));

        Assert.Contains(result.Problems, p => p.Variable == "PROMSCALE_LOG_LEVEL" && p.Fix.Contains("PROMSCALE_TELEMETRY_LOG_LEVEL"));
        Assert.Contains(result.Problems, p => p.Variable == "PROMSCALE_AUTH_PASSWORD" && p.Fix.Contains("PROMSCALE_WEB_AUTH_PASSWORD"));
        Assert.Contains(result.Problems, p => p.Variable == "PROMSCALE_MIGRATE" && p.Fix.Contains("PROMSCALE_STARTUP_ONLY"));
    }

    [Fact]
    public void Defaults_PORT_to_9201_with_an_information_line()
    {
        var environment = Valid();
        environment.Remove("PORT");

        var result = SettingsReader.Read(environment);

        Assert.Equal(9201, result.Settings!.Port);
        Assert.Contains(result.Notices, notice => notice.Variable == "PORT" && notice.Level == NoticeLevel.Information);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("t", true)]
    [InlineData("TRUE", true)]
    [InlineData("True", true)]
    [InlineData("0", false)]
    [InlineData("F", false)]
    [InlineData("false", false)]
    public void Reads_Go_style_booleans(string text, bool expected)
    {
        var settings = SettingsReader.Read(Valid(("PROMSCALE_STARTUP_UPGRADE_EXTENSIONS", text))).Settings!;

        Assert.Equal(expected, settings.UpgradeExtensions);
        Assert.Null(settings.InstallExtensions);
    }

    [Theory]
    [InlineData("0.17.0")]
    [InlineData("0.12.1")]
    public void Accepts_every_release_from_0_10_0(string version) =>
        Assert.Equal(version, SettingsReader.Read(Valid(("PROMSCALE_VERSION", version))).Settings!.PromscaleVersion.ToString());

    [Theory]
    [InlineData("0.9.0", "predates 0.10.0")]
    [InlineData("0.18.0", "is not a Promscale release")]
    [InlineData("latest", "is not a Promscale version")]
    public void Rejects_versions_it_cannot_run(string version, string reason)
    {
        var problem = Assert.Single(SettingsReader.Read(Valid(("PROMSCALE_VERSION", version))).Problems);

        Assert.Contains(reason, problem.Problem);
    }

    [Fact]
    public void Reads_the_launcher_knobs()
    {
        var settings = SettingsReader.Read(Valid(
            ("PROMSCALE_LAUNCHER_DB_WAIT", "45"), ("PROMSCALE_LAUNCHER_INSTANCES", "3"), ("PROMSCALE_LAUNCHER_LOG_FORMAT", "json"),
            ("PROMSCALE_LAUNCHER_STOP_TIMEOUT", "10s"), ("PROMSCALE_LAUNCHER_DB_HEADROOM", "0"), ("PROMSCALE_DB_CONNECTIONS_MAX", "12"))).Settings!;

        Assert.Equal(TimeSpan.FromSeconds(45), settings.DbWait);
        Assert.Equal(3, settings.Instances);
        Assert.Equal(LogFormat.Json, settings.LogFormat);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.StopTimeout);
        Assert.Equal(0, settings.DbHeadroom);
        Assert.Equal(12, settings.ConnectionsMax);
    }

    [Fact]
    public void Treats_empty_variables_as_unset_as_Promscale_does()
    {
        var result = SettingsReader.Read(Valid(("PORT", ""), ("PROMSCALE_VERSION", ""), ("PROMSCALE_LOG_LEVEL", "")));

        Assert.True(result.IsValid);
        Assert.Equal(9201, result.Settings!.Port);
    }

    [Fact]
    public void Never_quotes_a_password_in_a_problem()
    {
        var result = SettingsReader.Read(Valid(("SCALINGO_POSTGRESQL_URL", $"postgres://app:{DbPassword}@h:notaport/db")));

        var problem = Assert.Single(result.Problems);
        Assert.DoesNotContain(DbPassword, problem.ToString());
        Assert.Contains("app:****@h:notaport", problem.ToString());
    }

    [Fact]
    public void Hides_secrets_from_the_generated_ToString_of_the_settings()
    {
        var text = SettingsReader.Read(Valid()).Settings!.ToString();

        Assert.DoesNotContain(Password, text);
        Assert.DoesNotContain(DbPassword, text);
    }
}
