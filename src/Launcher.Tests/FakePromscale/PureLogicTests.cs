using PromscaleLauncher.FakePromscale.Database;
using PromscaleLauncher.FakePromscale.Flags;
using PromscaleLauncher.FakePromscale.Logging;
using PromscaleLauncher.FakePromscale.Versions;

namespace PromscaleLauncher.Tests.FakePromscale;

/// <summary>The fake's pure pieces, checked against the worked examples of docs/promscale.md.</summary>
public sealed class PureLogicTests
{
    private static readonly PromscaleLogger _silent = new(LogLevel.Info, LogFormat.Logfmt, enabled: false, TimeProvider.System);

    private static PromscaleSettings Settings(string version, params string[] arguments)
    {
        var parsed = PromscaleVersion.Parse(version);
        Assert.NotNull(parsed);
        return new PromscaleConfigurationParser(parsed, "promscale", _ => null, _silent).Parse([.. arguments, "-config=/nonexistent/config.yml"]);
    }

    [Theory]
    [InlineData(100, 50, 25, 5)]
    [InlineData(30, 15, 4, 5)]
    public void Sizes_the_0_17_pools_as_docs_promscale_md_says(int maxConnections, int writer, int reader, int maintenance)
    {
        var plan = new ConnectionBudget(Settings("0.17.0"), _silent).ForWriterReaderMaintenance(maxConnections, databaseCpus: 4);

        Assert.Equal((writer, reader, maintenance), (plan.Writer!.Maximum, plan.Reader!.Maximum, plan.Maintenance!.Maximum));
        Assert.Equal(2, plan.Reader.Minimum);
    }

    [Fact]
    public void Refuses_max_connections_20_in_0_17()
    {
        var failure = Assert.Throws<StartupFailure>(() => new ConnectionBudget(Settings("0.17.0"), _silent).ForWriterReaderMaintenance(20, databaseCpus: 4));

        Assert.Equal("client creation error: reader pool size canot be less than 2: received 1", failure.Message);
    }

    [Fact]
    public void Treats_connections_max_as_a_ceiling_in_0_17()
    {
        var failure = Assert.Throws<StartupFailure>(() => new ConnectionBudget(Settings("0.17.0", "-db.connections-max=10"), _silent).ForWriterReaderMaintenance(100, databaseCpus: 4));

        Assert.Equal(
            "client creation error: reader-pool (size=25) + writer-pool (size=50) + maint-pool (size=5) more than db.connections-max (10). Increase the db.connections-max or decrease the pool-sizes",
            failure.Message);
    }

    [Fact]
    public void Uses_connections_max_as_the_single_pool_size_in_0_10()
    {
        var plan = new ConnectionBudget(Settings("0.10.0", "-db.connections-max=10"), _silent).ForSinglePool(maxConnections: null, procs: 4);

        Assert.Equal((10, 4, 4), (plan.Writer!.Maximum, plan.Writer.Minimum, plan.Copiers));
    }

    [Fact]
    public void Caps_the_0_10_pool_at_100()
    {
        var plan = new ConnectionBudget(Settings("0.10.0"), _silent).ForSinglePool(maxConnections: 500, procs: 2);

        Assert.Equal(100, plan.Writer!.Maximum);
    }

    [Theory]
    [InlineData("1m", "1m0s")]
    [InlineData("90s", "1m30s")]
    [InlineData("1.5s", "1.5s")]
    [InlineData("500ms", "500ms")]
    [InlineData("2h", "2h0m0s")]
    [InlineData("0", "0s")]
    public void Formats_durations_like_go(string input, string expected)
    {
        Assert.True(GoSyntax.TryParseDuration(input, out var duration));
        Assert.Equal(expected, GoSyntax.FormatDuration(duration));
    }

    [Fact]
    public void Reads_a_url_like_pgx_without_adding_an_application_name()
    {
        var config = PgxConnectionConfig.Parse("postgres://us%40er:p%3Ass@db.example:6432/my%20db?sslmode=disable&search_path=x", _ => null);

        Assert.Equal("host=db.example user=us@er database=my db", config.Identity);
        Assert.Equal(("p:ss", 6432, "disable", null), (config.Password, config.Port, config.SslMode, config.ApplicationName));
        Assert.Equal("x", config.RuntimeParameters["search_path"]);
        Assert.Equal("postgres://us%40er:****@db.example:6432/my%20db?sslmode=disable&search_path=x", PgxConnectionConfig.MaskPassword("postgres://us%40er:p%3Ass@db.example:6432/my%20db?sslmode=disable&search_path=x"));
    }

    [Fact]
    public void Builds_the_flag_url_with_application_name_timeout_and_sslmode()
    {
        var url = ConnectionString.For(Settings("0.17.0", "-db.host=h", "-db.user=u", "-db.password=p w", "-db.name=d"));

        Assert.Equal("postgresql://u:p%20w@h:5432/d?application_name=promscale%400.17.0&connect_timeout=60&sslmode=require", url);
        var config = PgxConnectionConfig.Parse(url, _ => null);
        Assert.Equal(("promscale@0.17.0", TimeSpan.FromSeconds(60), "require"), (config.ApplicationName, config.ConnectTimeout, config.SslMode));
    }

    [Fact]
    public void Encodes_logfmt_like_go_logfmt()
    {
        var line = LogfmtEncoder.Encode([("msg", "Healthcheck failed"), ("failed to connect: x=\"y\"", null), ("empty", string.Empty), ("plain", "a/b:c")]);

        Assert.Equal("msg=\"Healthcheck failed\" failedtoconnect:xy=(MISSING) empty= plain=a/b:c\n", line);
    }
}
