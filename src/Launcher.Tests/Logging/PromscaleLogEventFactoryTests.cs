using PromscaleLauncher.Logging.Promscale;
using PromscaleLauncher.Tests.Logging.Support;
using Serilog.Events;

namespace PromscaleLauncher.Tests.Logging;

public sealed class PromscaleLogEventFactoryTests
{
    private static readonly DateTimeOffset _readAt = new(2026, 11, 25, 20, 0, 0, 123, TimeSpan.Zero);

    private static LogEvent Create(string line, PromscaleOutputStream stream = PromscaleOutputStream.Stderr) =>
        new PromscaleLogEventFactory().Create(new PromscaleLineParser().Parse(line, null, stream, _readAt));

    private static string? Scalar(LogEvent logEvent, string name) =>
        logEvent.Properties.TryGetValue(name, out var value) ? ((ScalarValue)value).Value?.ToString() : null;

    [Fact]
    public void Uses_the_read_time_as_timestamp_and_keeps_Promscale_ts_as_a_property()
    {
        var logEvent = Create(PromscaleLines.Started017);

        Assert.Equal(_readAt, logEvent.Timestamp);
        Assert.Equal("2023-01-11T10:00:00.100Z", Scalar(logEvent, "PromscaleTs"));
    }

    [Fact]
    public void Renders_Promscale_message_verbatim_as_the_message()
    {
        var logEvent = Create("level=info msg=\"braces {stay} {0} {{as}} written\"");

        Assert.Equal("braces {stay} {0} {{as}} written", logEvent.RenderMessage());
        Assert.Equal("braces {{stay}} {{0}} {{{{as}}}} written", logEvent.MessageTemplate.Text);
    }

    [Fact]
    public void Builds_the_template_of_a_repeated_message_once_and_keeps_each_lines_own_values()
    {
        var factory = new PromscaleLogEventFactory();
        var parser = new PromscaleLineParser();
        LogEvent Event(string line) => factory.Create(parser.Parse(line, null, PromscaleOutputStream.Stderr, _readAt));

        var first = Event("level=info ts=2023-01-11T10:00:06.000Z caller=a.go:1 msg=\"ingestor {throughput}\" n=1");
        var again = Event("level=info ts=2023-01-11T10:00:06.000Z caller=a.go:1 msg=\"ingestor {throughput}\" n=2");
        var other = Event("level=info ts=2023-01-11T10:00:07.000Z caller=b.go:2 msg=\"ingestor {throughput}!\" n=3");

        Assert.Same(first.MessageTemplate, again.MessageTemplate);
        Assert.Equal("ingestor {throughput}", again.RenderMessage());
        Assert.Equal("ingestor {throughput}!", other.RenderMessage());
        Assert.Equal(["1", "2", "3"], new[] { first, again, other }.Select(e => Scalar(e, "n")));
        Assert.Equal(["a.go:1", "a.go:1", "b.go:2"], new[] { first, again, other }.Select(e => Scalar(e, "caller")));
        Assert.Equal(["2023-01-11T10:00:06.000Z", "2023-01-11T10:00:06.000Z", "2023-01-11T10:00:07.000Z"],
            new[] { first, again, other }.Select(e => Scalar(e, "PromscaleTs")));
    }

    [Fact]
    public void Keeps_Promscale_keys_as_properties_in_line_order_then_caller_ts_stream_and_source()
    {
        var logEvent = Create(PromscaleLines.Started017);

        Assert.Equal(["listening_port", "caller", "PromscaleTs", "Stream", "Source"], logEvent.Properties.Keys);
        Assert.Equal(":9201", Scalar(logEvent, "listening_port"));
        Assert.Equal("runner.go:310", Scalar(logEvent, "caller"));
        Assert.Equal("stderr", Scalar(logEvent, "Stream"));
        Assert.Equal("promscale", Scalar(logEvent, "Source"));
        Assert.Equal(LogEventLevel.Information, logEvent.Level);
    }

    [Fact]
    public void Replaces_dots_dashes_and_slashes_in_keys_with_underscores()
    {
        var runtime = Create(PromscaleLines.Runtime017);
        var throughput = Create(PromscaleLines.Throughput);

        Assert.Equal("50", Scalar(runtime, "writer_pool_size"));
        Assert.Equal("2", Scalar(runtime, "min_pool_connections"));
        Assert.Equal("12000", Scalar(throughput, "samples_sec"));
        Assert.Equal("2023-01-11T10:00:05.950Z", Scalar(throughput, "metrics_max_sent_ts"));
    }

    [Fact]
    public void Keeps_err_and_num_samples_with_their_values_as_strings()
    {
        var logEvent = Create(PromscaleLines.WriteFailed);

        Assert.Equal(LogEventLevel.Warning, logEvent.Level);
        Assert.Equal("Error sending samples to remote storage", logEvent.RenderMessage());
        Assert.Equal("ERROR: relation \"prom_data.up\" does not exist (SQLSTATE 42P01)", Scalar(logEvent, "err"));
        Assert.Equal("45", Scalar(logEvent, "num_samples"));
    }

    [Fact]
    public void Turns_the_healthcheck_MISSING_pair_into_err()
    {
        var logEvent = Create(PromscaleLines.HealthcheckFailed);

        Assert.Equal(PromscaleLines.HealthcheckMissingKey, Scalar(logEvent, "err"));
        Assert.DoesNotContain(logEvent.Properties.Keys, k => k.StartsWith("failedto", StringComparison.Ordinal));
    }

    [Fact]
    public void Turns_a_MISSING_pair_into_unkeyed_when_the_line_has_an_err()
    {
        var logEvent = Create("level=warn msg=x err=boom other=(MISSING)");

        Assert.Equal("boom", Scalar(logEvent, "err"));
        Assert.Equal("other", Scalar(logEvent, "unkeyed"));
    }

    [Fact]
    public void Numbers_repeated_and_reserved_keys_instead_of_losing_them()
    {
        var logEvent = Create("level=info ts=1 caller=a.go:1 msg=m err=first err=second a-b=dash a_b=underscore Source=theirs caller=b.go:2 ts=2");

        Assert.Equal("first", Scalar(logEvent, "err"));
        Assert.Equal("second", Scalar(logEvent, "err_2"));
        Assert.Equal("dash", Scalar(logEvent, "a_b"));
        Assert.Equal("underscore", Scalar(logEvent, "a_b_2"));
        Assert.Equal("theirs", Scalar(logEvent, "Source_2"));
        Assert.Equal("b.go:2", Scalar(logEvent, "caller_2"));
        Assert.Equal("2", Scalar(logEvent, "ts"));
        Assert.Equal("promscale", Scalar(logEvent, "Source"));
        Assert.Equal("a.go:1", Scalar(logEvent, "caller"));
        Assert.Equal("1", Scalar(logEvent, "PromscaleTs"));
    }

    [Fact]
    public void Keeps_an_unknown_level_as_PromscaleLevel()
    {
        var logEvent = Create("level=critical msg=x");

        Assert.Equal(LogEventLevel.Information, logEvent.Level);
        Assert.Equal("critical", Scalar(logEvent, "PromscaleLevel"));
        Assert.Null(Scalar(Create("level=warn msg=x"), "PromscaleLevel"));
    }

    [Fact]
    public void Keeps_the_config_key_when_the_line_also_has_a_msg()
    {
        var logEvent = Create("level=info msg=hello config=\"{A:1}\"");

        Assert.Equal("hello", logEvent.RenderMessage());
        Assert.Equal("{A:1}", Scalar(logEvent, "config"));
    }

    [Fact]
    public void Forwards_a_plain_line_with_only_stream_and_source()
    {
        var logEvent = Create(PromscaleLines.AutomaxprocsLine, PromscaleOutputStream.Stdout);

        Assert.Equal(PromscaleLines.AutomaxprocsLine, logEvent.RenderMessage());
        Assert.Equal(["Stream", "Source"], logEvent.Properties.Keys);
        Assert.Equal("stdout", Scalar(logEvent, "Stream"));
    }

    [Fact]
    public void Marks_the_parts_of_a_split_line()
    {
        var part = PromscaleLineParser.CreateLinePart("xxx", PromscaleOutputStream.Stderr, _readAt, LogEventLevel.Warning, 2, continues: true);

        var logEvent = new PromscaleLogEventFactory().Create(part);

        Assert.Equal(LogEventLevel.Warning, logEvent.Level);
        Assert.Equal(2, ((ScalarValue)logEvent.Properties["LinePart"]).Value);
        Assert.Equal(true, ((ScalarValue)logEvent.Properties["LineContinues"]).Value);
    }
}
