using Npgsql;
using NpgsqlTypes;
using PromscaleLauncher.Tests.FakePromscale.Support;
using PromscaleLauncher.Tests.Maintenance;
using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Receivers;

namespace PromscaleLauncher.Tests.Export;

/// <summary>
/// A database written the way Promscale 0.10.0 ingests (the fake's schema stand-in, TimescaleDB stand-in hypertables
/// with 8-hour chunks): metrics created through _prom_catalog.get_or_create_metric_table_name, label ids through
/// get_or_create_label_id, series rows with label arrays by label_key_position (0 for a missing key, trailing zeros
/// trimmed), samples in prom_data.&lt;table&gt;. <see cref="Expected"/> is what a receiver must return.
/// </summary>
internal sealed class ExportDatabase(PostgresCluster cluster, PromscaleDatabase database)
{
    /// <summary>Prometheus' stale marker (value.StaleNaN).</summary>
    public static readonly double StaleMarker = BitConverter.Int64BitsToDouble(0x7ff0000000000002);

    /// <summary>70 characters: its table name is truncated and suffixed with the metric id (docs/promscale.md §10.3).</summary>
    public const string LongMetric = "a_metric_name_longer_than_sixty_two_characters_so_its_table_is_renamed";

    public static readonly string[] Metrics = ["cpu_seconds_total", "up", LongMetric];

    public PostgresCluster Cluster => cluster;

    public string Name => database.Name;

    public List<ReceivedSample> Expected { get; } = [];

    public DateTimeOffset Oldest { get; private set; }

    /// <summary>Every 3 hours over the last 10 days, per series: ~80 samples per series, 11 daily windows, 30 chunks per metric.</summary>
    public static async Task<ExportDatabase> CreateAsync(PostgresCluster cluster)
    {
        var database = new ExportDatabase(cluster, await PromscaleDatabase.CreateAsync(cluster, timescaleDb: true));
        await database.FillAsync();
        return database;
    }

    private async Task FillAsync()
    {
        await using var connection = await database.OpenAsync();
        // Whole milliseconds, a minute in the past: what Prometheus sends, and old enough for every receiver's queries.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000);
        Oldest = now - TimeSpan.FromDays(10);
        var series = new (string Metric, (string, string)[] Labels)[]
        {
            ("cpu_seconds_total", [("instance", "a:9100"), ("job", "node"), ("mode", "idle")]),
            ("cpu_seconds_total", [("instance", "b:9100"), ("job", "node")]),
            ("cpu_seconds_total", [("job", "other"), ("mode", "user")]),
            ("up", [("instance", "a:9100"), ("job", "node")]),
            ("up", [("instance", "gone:9100"), ("job", "node")]),
            (LongMetric, [("zone", "eu-west")]),
        };
        var index = 0;
        foreach (var (metric, labels) in series)
        {
            var table = await PromscaleSchema.CreateMetricAsync(connection, metric);
            var seriesId = await CreateSeriesAsync(connection, metric, labels);
            var times = new List<DateTime>();
            var values = new List<double>();
            for (var k = 0; k < 80; k++)
            {
                var time = Oldest + TimeSpan.FromHours(3 * k) + TimeSpan.FromMilliseconds(index * 1234 + 7);
                // The "gone" target's samples end with a stale marker, as Prometheus writes one when a target disappears.
                var value = metric == "up" && index == 4 && k == 79 ? StaleMarker : k * 1.5 + index + 0.25;
                times.Add(time.UtcDateTime);
                values.Add(value);
                var rendered = ReceivedSample.Render(labels.Select(l => KeyValuePair.Create(l.Item1, l.Item2)).Append(KeyValuePair.Create("__name__", metric)));
                Expected.Add(new ReceivedSample(rendered, time.ToUnixTimeMilliseconds(), value));
            }
            await using var insert = new NpgsqlCommand(
                $"INSERT INTO {table} (time, value, series_id) SELECT t, v, @series FROM unnest(@times, @values) AS u(t, v)", connection);
            insert.Parameters.AddWithValue("series", seriesId);
            insert.Parameters.Add(new NpgsqlParameter("times", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = times.ToArray() });
            insert.Parameters.Add(new NpgsqlParameter("values", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = values.ToArray() });
            await insert.ExecuteNonQueryAsync();
            index++;
        }
        await SqlQueries.ExecuteAsync(connection,
            "INSERT INTO _prom_catalog.metadata (last_seen, metric_family, type, unit, help) VALUES (now(), 'cpu_seconds_total', 'counter', 'seconds', 'Seconds the CPUs spent in each mode.')");
    }

    /// <summary>A series row as Promscale writes it: label ids at their key's position, 0 where the series lacks the key.</summary>
    private static async Task<long> CreateSeriesAsync(NpgsqlConnection connection, string metric, (string Key, string Value)[] labels)
    {
        var all = new[] { ("__name__", metric) }.Concat(labels).ToArray();
        var positions = new Dictionary<int, int>();
        foreach (var (key, value) in all)
        {
            await using var position = new NpgsqlCommand(
                """
                INSERT INTO _prom_catalog.label_key_position (metric_name, key, pos)
                SELECT @metric, @key, coalesce(max(pos), 0) + 1 FROM _prom_catalog.label_key_position WHERE metric_name = @metric
                ON CONFLICT DO NOTHING;
                SELECT pos, _prom_catalog.get_or_create_label_id(@key, @value) FROM _prom_catalog.label_key_position WHERE metric_name = @metric AND key = @key
                """, connection);
            position.Parameters.AddWithValue("metric", metric);
            position.Parameters.AddWithValue("key", key);
            position.Parameters.AddWithValue("value", value);
            await using var reader = await position.ExecuteReaderAsync();
            await reader.ReadAsync();
            positions[reader.GetInt32(0)] = reader.GetInt32(1);
        }
        var array = new int[positions.Keys.Max()];
        foreach (var (pos, id) in positions)
        {
            array[pos - 1] = id;
        }
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO prom_data_series.%SERIES% (id, metric_id, labels)
            SELECT nextval('_prom_catalog.series_id'), m.id, @labels FROM _prom_catalog.metric m WHERE m.metric_name = @metric
            RETURNING id
            """.Replace("%SERIES%", await SeriesTableAsync(connection, metric), StringComparison.Ordinal), connection);
        insert.Parameters.AddWithValue("labels", array);
        insert.Parameters.AddWithValue("metric", metric);
        return (long)(await insert.ExecuteScalarAsync())!;
    }

    private static async Task<string> SeriesTableAsync(NpgsqlConnection connection, string metric)
    {
        await using var command = new NpgsqlCommand("SELECT quote_ident(series_table) FROM _prom_catalog.metric WHERE metric_name = @metric", connection);
        command.Parameters.AddWithValue("metric", metric);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await database.OpenAsync();
        return await SqlQueries.ScalarAsync<long>(connection, sql);
    }
}
