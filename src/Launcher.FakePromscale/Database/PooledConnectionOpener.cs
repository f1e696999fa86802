using Npgsql;
using PromscaleLauncher.FakePromscale.Flags;
using PromscaleLauncher.FakePromscale.Versions;

namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>
/// What every pooled connection does when created (docs/promscale.md §3.1 step 8, §3.4): take the shared schema lease,
/// check the schema/extension version, and for writers turn off synchronous commit.
/// </summary>
internal sealed class PooledConnectionOpener(PromscaleVersion version, PromscaleSettings settings, PgConnector connector)
{
    public async Task<NpgsqlConnection> OpenAsync(bool isWriter, CancellationToken cancellationToken)
    {
        var connection = await connector.OpenAsync(cancellationToken);
        try
        {
            if (settings.UseSchemaVersionLease && !await SchemaVersionLock.TrySharedAsync(connection, cancellationToken))
            {
                throw new PgxException(SchemaVersionLock.LeaseError);
            }

            if (version.IsLegacy)
            {
                await connection.ScalarAsync<string>("SELECT version FROM prom_schema_migrations LIMIT 1", cancellationToken);
            }
            else
            {
                await connection.ScalarAsync<string>("SELECT extversion FROM pg_extension WHERE extname = 'promscale'", cancellationToken);
            }

            if (isWriter && !version.IsLegacy)
            {
                await connection.ExecuteAsync("SET SESSION synchronous_commit to 'off'", cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
