using Npgsql;

namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>Reads <c>public.prom_schema_migrations</c>, the version table of ≤ 0.10 (docs/promscale.md §3.2).</summary>
internal static class SchemaVersionReader
{
    public static async Task<bool> TableExistsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
        => await connection.ScalarAsync<bool>("SELECT to_regclass('public.prom_schema_migrations') IS NOT NULL", cancellationToken);

    /// <summary>The recorded version, or null when the table does not exist (a fresh database).</summary>
    public static async Task<string?> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
        => await TableExistsAsync(connection, cancellationToken)
            ? await connection.ScalarAsync<string>("SELECT version FROM public.prom_schema_migrations LIMIT 1", cancellationToken) ?? string.Empty
            : null;
}
