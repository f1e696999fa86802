using PromscaleLauncher.Configuration;

namespace PromscaleLauncher.Tests.Configuration;

public sealed class PostgresUrlTests
{
    private static PostgresUrl Parse(string text)
    {
        Assert.True(PostgresUrl.TryParse(text, out var url, out var error), error);
        return url;
    }

    [Fact]
    public void Parses_a_Scalingo_shared_plan_url()
    {
        var url = Parse("postgresql://my_app_4553:s3cr3tPassw0rd@my-app-4553.postgresql.a.osc-fr1.scalingo-dbs.com:31000/my_app_4553?sslmode=prefer");

        Assert.Equal("postgresql", url.Scheme);
        Assert.Equal("my_app_4553", url.User);
        Assert.Equal("s3cr3tPassw0rd", url.Password!.Reveal());
        Assert.Equal([new PostgresHost("my-app-4553.postgresql.a.osc-fr1.scalingo-dbs.com", 31000)], url.Hosts);
        Assert.Equal("my_app_4553", url.Database);
        Assert.Equal("prefer", url.GetParameter("sslmode"));
    }

    [Theory]
    [InlineData("postgres://u:p@h/db")]
    [InlineData("POSTGRES://u:p@h/db")]
    [InlineData("postgresql://u:p@h/db")]
    public void Accepts_both_schemes_in_any_case(string text) => Assert.Equal("h", Parse(text).Hosts[0].Name);

    [Fact]
    public void Defaults_the_port_to_5432() => Assert.Equal(5432, Parse("postgres://u:p@db.example.com/app").Hosts[0].Port);

    [Fact]
    public void Decodes_percent_encoded_user_and_password()
    {
        var url = Parse("postgres://us%40er:p%40ss%3Aw%2Fo%25rd%20x@h:5432/db");

        Assert.Equal("us@er", url.User);
        Assert.Equal("p@ss:w/o%rd x", url.Password!.Reveal());
    }

    [Fact]
    public void Takes_the_last_at_sign_as_the_end_of_the_user_information_as_Go_does()
    {
        var url = Parse("postgres://u:p@ss@h:5432/db");

        Assert.Equal("p@ss", url.Password!.Reveal());
        Assert.Equal("h", url.Hosts[0].Name);
    }

    [Theory]
    [InlineData("postgres://u:p@[::1]:6432/db", "::1", 6432)]
    [InlineData("postgres://u:p@[2001:db8::7]/db", "2001:db8::7", 5432)]
    public void Parses_IPv6_hosts_in_brackets(string text, string host, int port)
    {
        var url = Parse(text);

        Assert.Equal(new PostgresHost(host, port), url.Hosts[0]);
    }

    [Fact]
    public void Parses_several_hosts()
    {
        var url = Parse("postgres://u:p@a:1,b,[::1]:3/db");

        Assert.Equal([new PostgresHost("a", 1), new PostgresHost("b", 5432), new PostgresHost("::1", 3)], url.Hosts);
    }

    [Fact]
    public void Keeps_query_parameters_in_order_and_replaces_sslmode_in_place()
    {
        var url = Parse("postgres://u:p@h/db?application_name=x&sslmode=prefer&search_path=a%2Cb");

        var upgraded = url.WithParameter("sslmode", "require");

        Assert.Equal(["application_name", "sslmode", "search_path"], upgraded.Parameters.Select(pair => pair.Key));
        Assert.Equal("a,b", upgraded.GetParameter("search_path"));
        Assert.Equal("postgres://u:****@h:5432/db?application_name=x&sslmode=require&search_path=a%2Cb", upgraded.ToMaskedString());
    }

    [Fact]
    public void Masks_the_password_and_round_trips_the_secret_uri()
    {
        var url = Parse("postgres://u:p%40ss@h:5432/db?sslmode=require");

        Assert.Equal("postgres://u:****@h:5432/db?sslmode=require", url.ToString());
        Assert.Equal("postgres://u:p%40ss@h:5432/db?sslmode=require", url.ToSecretUri().Reveal());
        Assert.Equal("****", url.ToSecretUri().ToString());
        Assert.True(PostgresUrl.TryParse(url.ToSecretUri().Reveal(), out var again, out _));
        Assert.Equal("p@ss", again.Password!.Reveal());
    }

    [Fact]
    public void Masks_a_password_query_parameter() =>
        Assert.Equal("postgres://u@h:5432/db?password=****", Parse("postgres://u@h/db?password=hunter2").ToMaskedString());

    [Fact]
    public void Keeps_a_missing_database_name_empty_instead_of_guessing_the_user_name() => Assert.Equal("", Parse("postgres://u:p@h").Database);

    [Fact]
    public void Adds_a_default_parameter_only_when_absent()
    {
        var url = Parse("postgres://u:p@h/db?connect_timeout=3");

        Assert.Equal("3", url.WithDefaultParameter("connect_timeout", "10").GetParameter("connect_timeout"));
        Assert.Equal("promscale@0.10.0", url.WithDefaultParameter("application_name", "promscale@0.10.0").GetParameter("application_name"));
    }

    [Theory]
    [InlineData("mysql://u:p@h/db", "is not a postgres:// or postgresql:// URL.")]
    [InlineData("u:p@h/db", "is not a postgres:// or postgresql:// URL.")]
    [InlineData("postgres://u:p@h:99999/db", "has a port that is not a number between 1 and 65535")]
    [InlineData("postgres://u:p@h:abc/db", "has a port that is not a number between 1 and 65535")]
    [InlineData("postgres://u:p@[::1/db", "has an IPv6 host without its closing ']'.")]
    [InlineData("postgres://u:p@::1/db", "has an IPv6 host that is not in brackets")]
    [InlineData("postgres://u:p@/db", "has no host name.")]
    [InlineData("postgres://u:p%zz@h/db", "has an invalid percent-encoding in the password.")]
    [InlineData("postgres://u:p@h/db?sslmode", "has a query parameter without a name=value form")]
    [InlineData("postgres://u:p#x@h/db", "contains a '#' fragment")]
    public void Rejects_malformed_urls_with_a_reason(string text, string reason)
    {
        Assert.False(PostgresUrl.TryParse(text, out _, out var error));
        Assert.StartsWith(reason, error);
    }

    [Theory]
    [InlineData("postgres://user:hunter2@h:abc/db", "postgres://user:****@h:abc/db")]
    [InlineData("user:hunter2@host", "user:****@host")]
    [InlineData("postgres://h/db?password=hunter2&x=1", "postgres://h/db?password=****&x=1")]
    public void Masks_the_password_of_an_unparsable_url(string text, string masked) =>
        Assert.Equal(masked, PostgresUrl.MaskUnparsed(text));
}
