using PromscaleLauncher.Logging.Promscale;
using PromscaleLauncher.Tests.Logging.Support;

namespace PromscaleLauncher.Tests.Logging;

public sealed class PromscaleJsonLineParserTests
{
    private static List<KeyValuePair<string, string>>? TryParse(string line)
    {
        var fields = new List<KeyValuePair<string, string>>();
        return new PromscaleJsonLineParser().TryParse(line, fields) ? fields : null;
    }

    [Fact]
    public void Parses_a_Promscale_json_line_in_its_sorted_key_order()
    {
        var fields = TryParse(PromscaleLines.JsonStarted);

        Assert.NotNull(fields);
        Assert.Equal(["caller", "level", "listening-port", "msg", "ts"], fields.Select(f => f.Key));
        Assert.Equal("Started Prometheus remote-storage HTTP server", fields[3].Value);
    }

    [Fact]
    public void Unescapes_strings_and_keeps_numbers_as_written()
    {
        var fields = TryParse(PromscaleLines.JsonWriteFailed);

        Assert.NotNull(fields);
        Assert.Contains(new KeyValuePair<string, string>("err", "connection \"refused\"\n"), fields);
        Assert.Contains(new KeyValuePair<string, string>("num_samples", "45"), fields);
    }

    [Fact]
    public void Keeps_nested_values_booleans_and_null_as_raw_json_text()
    {
        var fields = TryParse("{\"a\":{\"b\":[1,2]},\"c\":true,\"d\":null,\"e\":-1.5e3,\"level\":\"debug\"}");

        Assert.NotNull(fields);
        Assert.Equal(["{\"b\":[1,2]}", "true", "null", "-1.5e3", "debug"], fields.Select(f => f.Value));
    }

    [Theory]
    [InlineData("{\"msg\":\"no level\"}")]
    [InlineData("{\"level\":\"info\"} trailing")]
    [InlineData("{\"level\":\"info\"")]
    [InlineData("{\"level\":\"info\",}")]
    [InlineData("{level:\"info\"}")]
    [InlineData("[{\"level\":\"info\"}]")]
    [InlineData("{}")]
    [InlineData("{")]
    [InlineData(PromscaleLines.Started017)]
    [InlineData("{ListenAddr::9201}")]
    public void Says_not_json_for_anything_but_one_object_with_a_level(string line)
    {
        Assert.Null(TryParse(line));
    }

    [Fact]
    public void Leaves_the_list_untouched_when_a_line_fails_half_way()
    {
        var fields = new List<KeyValuePair<string, string>> { new("kept", "1") };

        Assert.False(new PromscaleJsonLineParser().TryParse("{\"level\":\"info\",\"msg\":\"x\",", fields));
        Assert.Equal([new KeyValuePair<string, string>("kept", "1")], fields);
    }
}
