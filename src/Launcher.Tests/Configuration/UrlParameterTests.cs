using CsCheck;
using Npgsql;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Database;

namespace PromscaleLauncher.Tests.Configuration;

public sealed class UrlParameterTests
{
    private const string DbPassword = "db-pa55word";
    private const string BaseUrl = $"postgresql://app:{DbPassword}@db.example.com:31000/app?sslmode=require";

    /// <summary>libpq-connect §34.1.2 "Parameter Key Words", PostgreSQL 17: the list the table must decide, copied independently.</summary>
    private static readonly string[] _libpqKeywords =
    [
        "host", "hostaddr", "port", "dbname", "user", "password", "passfile", "require_auth", "channel_binding",
        "connect_timeout", "client_encoding", "options", "application_name", "fallback_application_name", "keepalives",
        "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout", "replication", "gssencmode",
        "sslmode", "requiressl", "sslnegotiation", "sslcompression", "sslcert", "sslkey", "sslpassword", "sslcertmode",
        "sslrootcert", "sslcrl", "sslcrldir", "sslsni", "requirepeer", "ssl_min_protocol_version",
        "ssl_max_protocol_version", "krbsrvname", "gsslib", "gssdelegation", "service", "target_session_attrs",
        "load_balance_hosts",
    ];

    public static readonly TheoryData<string> LibpqKeywords = new(_libpqKeywords);

    private static readonly string _existingFile = typeof(UrlParameterTests).Assembly.Location;

    private static Dictionary<string, string> Environment(string url, string variable = "SCALINGO_POSTGRESQL_URL") => new()
    {
        [variable] = url,
        ["PROMSCALE_WEB_AUTH_USERNAME"] = "prometheus",
        ["PROMSCALE_WEB_AUTH_PASSWORD"] = "web-pa55word",
        ["PORT"] = "8080",
    };

    private static SettingsReadResult ReadWith(string name, string value) =>
        SettingsReader.Read(Environment($"{BaseUrl}&{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}"));

    [Theory]
    [MemberData(nameof(LibpqKeywords))]
    public void Every_libpq_parameter_of_PostgreSQL_17_has_an_explicit_decision(string name) =>
        Assert.Contains(UrlParameters.Rules, rule => rule.Name == name);

    [Fact]
    public void The_table_decides_each_parameter_once() =>
        Assert.Equal(UrlParameters.Rules.Count, UrlParameters.Rules.Select(rule => rule.Name).Distinct().Count());

    [Theory]
    [InlineData("read-write")]
    [InlineData("primary")]
    [InlineData("any")]
    public void Accepts_target_session_attrs_for_one_host_and_builds_the_preflight_data_source(string value)
    {
        var result = ReadWith("target_session_attrs", value);

        Assert.True(result.IsValid, string.Join(" | ", result.Problems));
        using var dataSource = PreflightDataSource.Create(result.Settings!);
        Assert.Equal(value, result.Settings!.PromscaleDatabaseUrl.GetParameter("target_session_attrs"));
    }

    [Fact]
    public void Gives_target_session_attrs_to_Npgsql_when_the_url_has_several_hosts()
    {
        var result = SettingsReader.Read(Environment($"postgresql://app:{DbPassword}@a.example.com:5432,b.example.com:5433/app?sslmode=require&target_session_attrs=read-write"));

        using var dataSource = PreflightDataSource.Create(result.Settings!);
        Assert.Equal("read-write", new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).TargetSessionAttributes);
    }

    [Theory]
    [InlineData("standby")]
    [InlineData("read-only")]
    [InlineData("prefer-primary")]
    public void Refuses_target_session_attrs_that_would_put_Promscale_on_a_read_only_server_or_that_pgx_does_not_know(string value)
    {
        var problem = Assert.Single(ReadWith("target_session_attrs", value).Problems);

        Assert.Equal(("SCALINGO_POSTGRESQL_URL", "target_session_attrs"), (problem.Variable, problem.Parameter));
    }

    [Theory]
    [InlineData("options", "-c search_path=prom", "Options", "-c search_path=prom")]
    [InlineData("gssencmode", "disable", "GSS Encryption Mode", "Disable")]
    [InlineData("sslrootcert", "$existing", "Root Certificate", "$existing")]
    public void Applies_the_Npgsql_equivalent_to_the_preflight(string name, string value, string keyword, string expected)
    {
        var result = ReadWith(name, value.Replace("$existing", _existingFile, StringComparison.Ordinal));

        using var dataSource = PreflightDataSource.Create(result.Settings!);
        var connectionString = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        Assert.Equal(expected.Replace("$existing", _existingFile, StringComparison.Ordinal), connectionString[keyword]?.ToString());
    }

    [Fact]
    public void Leaves_gssencmode_out_of_the_uri_Promscale_gets_since_pgx_would_send_it_to_the_server()
    {
        var result = ReadWith("gssencmode", "disable");

        Assert.True(result.IsValid);
        Assert.Null(result.Settings!.PromscaleDatabaseUrl.GetParameter("gssencmode"));
        Assert.Equal("require", result.Settings.PromscaleDatabaseUrl.GetParameter("sslmode"));
    }

    [Theory]
    [InlineData("keepalives", "1")]
    [InlineData("channel_binding", "require")]
    [InlineData("fallback_application_name", "x")]
    [InlineData("host", "other.example.com")]
    [InlineData("sslsni", "1")]
    [InlineData("connect_timeout", "ten")]
    [InlineData("sslrootcert", "system")]
    [InlineData("sslrootcert", "/nonexistent/root.crt")]
    public void Refuses_a_parameter_Promscale_could_not_use_with_one_problem_naming_it(string name, string value)
    {
        var problem = Assert.Single(ReadWith(name, value).Problems);

        Assert.Equal(("SCALINGO_POSTGRESQL_URL", name), (problem.Variable, problem.Parameter));
        Assert.DoesNotContain('\n', problem.ToString());
        Assert.DoesNotContain(DbPassword, problem.ToString());
    }

    [Fact]
    public void Refuses_a_parameter_libpq_does_not_know_and_points_at_options()
    {
        var problem = Assert.Single(ReadWith("sslmdoe", "require").Problems);

        Assert.Equal("sslmdoe", problem.Parameter);
        Assert.Contains("options=", problem.Fix);
    }

    [Fact]
    public void Refuses_a_client_certificate_without_its_key()
    {
        var problem = Assert.Single(ReadWith("sslcert", _existingFile).Problems);

        Assert.Equal("sslcert", problem.Parameter);
        Assert.Contains("sslkey=", problem.Fix);
    }

    [Theory]
    [InlineData("sslpassword")]
    [InlineData("password")]
    public void Never_prints_the_value_of_a_secret_parameter(string name)
    {
        const string secret = "S3cret-key-pa55";

        var result = ReadWith(name, secret);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(name, problem.Parameter);
        Assert.DoesNotContain(secret, problem.ToString());
        Assert.Contains(SecretString.Mask, problem.Problem);
    }

    [Fact]
    public void Any_libpq_parameter_with_any_plausible_value_is_accepted_and_builds_or_is_one_problem_naming_it()
    {
        var names = Gen.OneOfConst(_libpqKeywords.Append("sslmdoe").Append("search_path").ToArray());
        var values = Gen.OneOf(
            Gen.OneOfConst("", "0", "1", "-1", "10", "99999999999", "require", "disable", "prefer", "verify-full", "read-write",
                "primary", "standby", "any", "postgres", "direct", "system", "UTF8", "LATIN1", "-c search_path=x",
                "/nonexistent/cert.pem", _existingFile, "a b", "x\ny", "S3cret-key-pa55"),
            Gen.String[Gen.Char["abc019 -_=&%/:.\u00e9\n"], 0, 16]);

        Gen.Select(names, values).Sample((name, value) =>
        {
            var result = ReadWith(name, value);

            if (result.IsValid)
            {
                using var dataSource = PreflightDataSource.Create(result.Settings!);
                Assert.NotNull(result.Settings!.PromscaleDatabaseUrl.ToSecretUri().Reveal());
            }
            else
            {
                Assert.Equal(name, Assert.Single(result.Problems).Parameter);
                Assert.All(result.Problems, problem => Assert.DoesNotContain('\n', problem.ToString()));
                if (name is "password" or "sslpassword")
                {
                    Assert.All(result.Problems, problem => Assert.Contains($"{name}={SecretString.Mask},", problem.Problem));
                }
            }
        }, iter: 2000);
    }

    [Theory]
    [InlineData("SCALINGO_POSTGRESQL_URL", "postgres://app:pw@db.example.com:5432/")]
    [InlineData("SCALINGO_POSTGRESQL_URL", "postgres://app:pw@db.example.com:5432")]
    [InlineData("SCALINGO_POSTGRESQL_URL", "postgres://app:pw@db.example.com?sslmode=require")]
    [InlineData("DATABASE_URL", "postgresql://app:pw@db.example.com/")]
    public void Refuses_a_url_without_a_database_name_instead_of_guessing_the_user_name(string variable, string url)
    {
        var problem = Assert.Single(SettingsReader.Read(Environment(url, variable)).Problems);

        Assert.Equal(variable, problem.Variable);
        Assert.Null(problem.Parameter);
        Assert.Contains("/<dbname>", problem.Fix);
        Assert.DoesNotContain(":pw@", problem.ToString());
    }
}
