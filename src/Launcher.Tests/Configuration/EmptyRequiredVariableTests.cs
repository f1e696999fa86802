using PromscaleLauncher.Configuration;

namespace PromscaleLauncher.Tests.Configuration;

/// <summary>A required variable that is set but empty is reported as empty, not as missing; the database URL survives other failures.</summary>
public sealed class EmptyRequiredVariableTests
{
    private static Dictionary<string, string> Valid() => new()
    {
        ["SCALINGO_POSTGRESQL_URL"] = "postgresql://app:db-pa55word@db.example.com:31000/app?sslmode=prefer",
        ["PROMSCALE_WEB_AUTH_USERNAME"] = "prometheus",
        ["PROMSCALE_WEB_AUTH_PASSWORD"] = "web-pa55word",
    };

    // The wording is the feature here: "empty" and "not set" call for different fixes.
    [Theory]
    [InlineData("PROMSCALE_WEB_AUTH_PASSWORD")]
    [InlineData("PROMSCALE_WEB_AUTH_USERNAME")]
    [InlineData("SCALINGO_POSTGRESQL_URL")]
    public void Says_a_required_variable_set_to_the_empty_string_is_empty(string variable)
    {
        var environment = Valid();
        environment[variable] = "";

        var problem = Assert.Single(SettingsReader.Read(environment).Problems);

        Assert.Equal(variable, problem.Variable);
        Assert.StartsWith("is set but empty", problem.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PROMSCALE_WEB_AUTH_PASSWORD")]
    [InlineData("PROMSCALE_WEB_AUTH_USERNAME")]
    [InlineData("SCALINGO_POSTGRESQL_URL")]
    public void Says_a_required_variable_that_is_absent_is_not_set(string variable)
    {
        var environment = Valid();
        environment.Remove(variable);

        var problem = Assert.Single(SettingsReader.Read(environment).Problems);

        Assert.Equal(variable, problem.Variable);
        Assert.StartsWith("is not set", problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Keeps_the_masked_database_URL_with_its_effective_sslmode_while_another_variable_fails()
    {
        var environment = Valid();
        environment["PROMSCALE_WEB_AUTH_PASSWORD"] = "";

        var result = SettingsReader.Read(environment);

        Assert.Null(result.Settings);
        Assert.Equal("postgresql://app:****@db.example.com:31000/app?sslmode=require", result.MaskedDatabaseUrl);
    }

    [Fact]
    public void Has_no_database_URL_to_show_when_the_URL_itself_is_invalid()
    {
        var environment = Valid();
        environment["SCALINGO_POSTGRESQL_URL"] = "mysql://app:db-pa55word@db.example.com/app";

        Assert.Null(SettingsReader.Read(environment).MaskedDatabaseUrl);
    }
}
