using Npgsql;
using PromscaleLauncher.Tests.Support.Postgres;

namespace PromscaleLauncher.Tests.FirstInstall;

/// <summary>
/// What the first install may change in a database, read as the superuser: TimescaleDB (version, owner, hypertables)
/// and Promscale's schema. Two snapshots equal = the database was left alone.
/// </summary>
internal sealed record DatabaseSnapshot(string? TimescaleDbVersion, string? TimescaleDbOwner, long Hypertables, string? SchemaVersion, long PromscaleSchemas)
{
    public static async Task<DatabaseSnapshot> ReadAsync(PostgresCluster cluster, string database)
    {
        await using var connection = await cluster.OpenSuperuserAsync(database);
        var version = await ScalarAsync<string>(connection, "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'");
        var owner = await ScalarAsync<string>(connection, "SELECT o.rolname::text FROM pg_extension e JOIN pg_roles o ON o.oid = e.extowner WHERE e.extname = 'timescaledb'");
        var hypertables = await ScalarAsync<bool>(connection, "SELECT to_regclass('_timescaledb_catalog.hypertable') IS NOT NULL")
            ? await ScalarAsync<long>(connection, "SELECT count(*) FROM _timescaledb_catalog.hypertable")
            : 0;
        var schema = await ScalarAsync<bool>(connection, "SELECT to_regclass('public.prom_schema_migrations') IS NOT NULL")
            ? await ScalarAsync<string>(connection, "SELECT max(version::text) FROM public.prom_schema_migrations")
            : null;
        var schemas = await ScalarAsync<long>(connection, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE '%prom%'");
        return new DatabaseSnapshot(version, owner, hypertables, schema, schemas);
    }

    private static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() is T value ? value : default;
    }

    /// <summary>CREATE EXTENSION timescaledb as <paramref name="role"/>, as Scalingo's operators do it (pgsql-console as the app user).</summary>
    public static async Task CreateTimescaleDbAsAsync(PostgresCluster cluster, string role, string database, string? version = null)
    {
        await using var connection = await cluster.OpenAsync(role, database);
        await using var command = new NpgsqlCommand(version is null ? "CREATE EXTENSION timescaledb" : $"CREATE EXTENSION timescaledb VERSION '{version}'", connection);
        await command.ExecuteNonQueryAsync();
    }
}
