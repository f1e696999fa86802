using PromscaleLauncher.Configuration;

namespace PromscaleLauncher.Tests.Configuration;

/// <summary>Secrets with control characters are refused at configuration time (README "Secrets").</summary>
public sealed class SecretControlCharacterTests
{
    private static Dictionary<string, string> Valid(params (string Name, string Value)[] overrides)
    {
        var environment = new Dictionary<string, string>
        {
            ["SCALINGO_POSTGRESQL_URL"] = "postgresql://app:db-pa55word@db.example.com:31000/app?sslmode=require",
            ["PROMSCALE_WEB_AUTH_USERNAME"] = "prometheus",
            ["PROMSCALE_WEB_AUTH_PASSWORD"] = "web-pa55word",
        };
        foreach (var (name, value) in overrides)
        {
            environment[name] = value;
        }
        return environment;
    }

    private static void AssertRevealsNoPart(ConfigurationProblem problem, string secretBefore, string secretAfter)
    {
        Assert.DoesNotContain(secretBefore, problem.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secretAfter, problem.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\n", "newline")]
    [InlineData("\r", "carriage return")]
    [InlineData("\t", "tab")]
    [InlineData("\0", "NUL")]
    [InlineData("\u001b", "escape")]
    [InlineData("\u007f", "DEL")]
    [InlineData("\u0085", "U+0085")]
    [InlineData("\u009b", "U+009B")]
    [InlineData("\u2028", "U+2028")]
    public void Refuses_a_web_password_with_a_control_character_naming_its_kind_but_no_part_of_the_password(string control, string kind)
    {
        var result = SettingsReader.Read(Valid(("PROMSCALE_WEB_AUTH_PASSWORD", "first-half" + control + "second-half")));

        Assert.False(result.IsValid);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(EnvironmentVariableNames.WebAuthPassword, problem.Variable);
        Assert.Contains(kind, problem.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain(control, problem.ToString(), StringComparison.Ordinal);
        AssertRevealsNoPart(problem, "first-half", "second-half");
    }

    [Theory]
    [InlineData("%0A", "newline")]
    [InlineData("%0d", "carriage return")]
    [InlineData("%1B", "escape")]
    [InlineData("%C2%85", "U+0085")]
    public void Refuses_a_database_password_whose_percent_decoded_form_has_a_control_character(string encoded, string kind)
    {
        var result = SettingsReader.Read(Valid(("SCALINGO_POSTGRESQL_URL", $"postgresql://app:first-half{encoded}second-half@db.example.com/app")));

        var problem = Assert.Single(result.Problems);
        Assert.Equal(EnvironmentVariableNames.ScalingoPostgresqlUrl, problem.Variable);
        Assert.Contains(kind, problem.Problem, StringComparison.Ordinal);
        Assert.Contains("ALTER ROLE \"app\" PASSWORD", problem.Fix, StringComparison.Ordinal);
        Assert.Contains("Reset password", problem.Fix, StringComparison.Ordinal);
        AssertRevealsNoPart(problem, "first-half", "second-half");
    }

    [Fact]
    public void Refuses_a_control_character_in_the_database_URL_of_DATABASE_URL_naming_that_variable()
    {
        var environment = Valid();
        environment.Remove("SCALINGO_POSTGRESQL_URL");
        environment["DATABASE_URL"] = "postgres://app:first-half%0Asecond-half@db.example.com/app";

        var problem = Assert.Single(SettingsReader.Read(environment).Problems);

        Assert.Equal(EnvironmentVariableNames.DatabaseUrl, problem.Variable);
        AssertRevealsNoPart(problem, "first-half", "second-half");
    }

    [Fact]
    public void Refuses_a_password_query_parameter_with_a_control_character_once_without_revealing_it()
    {
        var result = SettingsReader.Read(Valid(("SCALINGO_POSTGRESQL_URL", "postgresql://app@db.example.com/app?password=first-half%0Asecond-half")));

        var problem = Assert.Single(result.Problems);
        Assert.Equal(EnvironmentVariableNames.ScalingoPostgresqlUrl, problem.Variable);
        Assert.Equal("password", problem.Parameter);
        AssertRevealsNoPart(problem, "first-half", "second-half");
    }

    [Fact]
    public void Accepts_quotes_backslashes_percent_signs_spaces_and_non_ASCII_in_secrets()
    {
        const string webPassword = "a\"b\\c%d e@f:g/h?é€😀";
        var result = SettingsReader.Read(Valid(
            ("PROMSCALE_WEB_AUTH_PASSWORD", webPassword),
            ("SCALINGO_POSTGRESQL_URL", "postgresql://app:" + Uri.EscapeDataString(webPassword) + "@db.example.com/app")));

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Contains(webPassword, result.Settings!.Secrets);
    }
}
