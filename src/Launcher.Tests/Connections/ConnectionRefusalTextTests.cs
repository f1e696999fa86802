using PromscaleLauncher.Database;

namespace PromscaleLauncher.Tests.Connections;

public sealed class ConnectionRefusalTextTests
{
    [Theory]
    [InlineData("failed to connect to `host=h user=u database=d`: server error (FATAL: sorry, too many clients already (SQLSTATE 53300))", "max_connections")]
    [InlineData("failed to connect to `host=h user=u database=d`: server error (FATAL: remaining connection slots are reserved for non-replication superuser connections (SQLSTATE 53300))", "reserved_slots")]
    [InlineData("FATAL: too many connections for role \"app\" (SQLSTATE 53300)", "role")]
    [InlineData("FATAL: too many connections for database \"limdb\" (SQLSTATE 53300)", "database")]
    // /healthz passes the error as a logfmt key: spaces stripped (docs/promscale.md §4.2).
    [InlineData("Healthcheck failed failedtoconnectto`host=huser=udatabase=d`:servererror(FATAL:remainingconnectionslotsarereservedfornon-replicationsuperuserconnections(SQLSTATE53300))", "reserved_slots")]
    public void Tells_which_limit_a_53300_in_Promscales_words_names(string text, string limit) =>
        Assert.Equal(limit, ConnectionRefusalText.Classify(text)?.ToEvidence());

    [Theory]
    [InlineData("ingestor throughput")]
    [InlineData("Error sending samples to remote storage: unexpected EOF")]
    public void Ignores_other_lines(string text) => Assert.Null(ConnectionRefusalText.Classify(text));
}
