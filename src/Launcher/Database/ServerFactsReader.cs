using Npgsql;

namespace PromscaleLauncher.Database;

/// <summary>Reads <see cref="ServerFacts"/> in three round trips on one connection.</summary>
internal static class ServerFactsReader
{
    // pg_available_extensions reads every control file of the server's extension directory: once, not once per extension.
    private const string FactsSql = """
        WITH available AS (
            SELECT name, default_version FROM pg_available_extensions WHERE name IN ('timescaledb', 'promscale'))
        SELECT
            current_setting('server_version_num')::int,
            current_setting('server_version'),
            current_user::text,
            current_database()::text,
            coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false),
            r.rolsuper, r.rolcreaterole, has_database_privilege(current_database(), 'CREATE'),
            r.rolconnlimit, d.datconnlimit,
            current_setting('max_connections')::int,
            current_setting('superuser_reserved_connections')::int,
            coalesce(current_setting('reserved_connections', true), '0')::int,
            -- The preload tell (docs/timescaledb.md, corrections box): the library's real setting is in pg_settings only
            -- once it is loaded. current_setting(..., true) would also answer for a placeholder that postgresql.conf or
            -- -c sets without the library, and CREATE EXTENSION then ends with FATAL "must be preloaded".
            (SELECT setting FROM pg_settings WHERE name = 'timescaledb.max_background_workers'),
            current_setting('timescaledb.license', true),
            (SELECT default_version FROM available WHERE name = 'timescaledb'),
            (SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'),
            (SELECT o.rolname::text FROM pg_extension e JOIN pg_roles o ON o.oid = e.extowner WHERE e.extname = 'timescaledb'),
            (SELECT default_version FROM available WHERE name = 'promscale'),
            (SELECT extversion FROM pg_extension WHERE extname = 'promscale'),
            (SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles
             WHERE rolname IN ('prom_reader', 'prom_writer', 'prom_modifier', 'prom_admin', 'prom_maintenance')),
            to_regclass('public.prom_schema_migrations') IS NOT NULL
        FROM pg_roles r, pg_database d
        WHERE r.rolname = current_user AND d.datname = current_database();
        -- Every other session, in the same round trip; ClientConnections decides which ones use a max_connections slot.
        SELECT datid IS NOT NULL, usename::text, datname::text, application_name, backend_type
        FROM pg_stat_activity WHERE pid <> pg_backend_pid()
        """;

    // Promscale's schema-version lock key 5585198506344173278 (0x4D829C73_2AAFCEDE) as pg_locks shows it:
    // high half in classid, low half in objid, objsubid 1 for a bigint key (docs/promscale.md §3.4).
    private const string LocksSql = """
        SELECT l.pid, l.mode = 'ExclusiveLock', l.granted, a.application_name
        FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.classid::bigint = 1300405363 AND l.objid::bigint = 716164830 AND l.objsubid = 1
        ORDER BY l.pid
        """;

    public static async Task<ServerFacts> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ServerFacts facts;
        await using (var command = new NpgsqlCommand(FactsSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException("The server returned no row for the current role and database.");
            }
            var i = 0;
            facts = new ServerFacts
            {
                ServerVersionNumber = reader.GetInt32(i++),
                ServerVersion = reader.GetString(i++),
                CurrentUser = reader.GetString(i++),
                Database = reader.GetString(i++),
                ConnectionEncrypted = reader.GetBoolean(i++),
                IsSuperuser = reader.GetBoolean(i++),
                CanCreateRole = reader.GetBoolean(i++),
                CanCreateInDatabase = reader.GetBoolean(i++),
                RoleConnectionLimit = reader.GetInt32(i++),
                DatabaseConnectionLimit = reader.GetInt32(i++),
                MaxConnections = reader.GetInt32(i++),
                SuperuserReservedConnections = reader.GetInt32(i++),
                ReservedConnections = reader.GetInt32(i++),
                OtherConnections = 0,
                OtherRoleConnections = 0,
                OtherDatabaseConnections = 0,
                PromscaleConnections = 0,
                TimescaleDbPreloadSetting = NullableString(reader, i++),
                TimescaleDbLicense = NullableString(reader, i++),
                TimescaleDbAvailableVersion = NullableString(reader, i++),
                TimescaleDbInstalledVersion = NullableString(reader, i++),
                TimescaleDbOwner = NullableString(reader, i++),
                PromscaleExtensionAvailableVersion = NullableString(reader, i++),
                PromscaleExtensionInstalledVersion = NullableString(reader, i++),
                PromscaleRoles = NullableString(reader, i++)?.Split(',') ?? [],
                SchemaVersionTableExists = reader.GetBoolean(i++),
                SchemaLockHolders = [],
            };

            await reader.NextResultAsync(cancellationToken);
            var sessions = new List<ActivitySession>();
            while (await reader.ReadAsync(cancellationToken))
            {
                sessions.Add(new ActivitySession(reader.GetBoolean(0), NullableString(reader, 1), NullableString(reader, 2), NullableString(reader, 3), NullableString(reader, 4)));
            }
            var counts = ClientConnections.Count(sessions, facts.CurrentUser, facts.Database);
            facts = facts with
            {
                OtherConnections = counts.Others,
                OtherRoleConnections = counts.OthersOfRole,
                OtherDatabaseConnections = counts.OthersOfDatabase,
                PromscaleConnections = counts.Promscale,
                PromscaleSessions = counts.PromscaleSessions,
            };
        }

        return facts with
        {
            SchemaLockHolders = await ReadSchemaLockHoldersAsync(connection, cancellationToken),
            SchemaVersion = facts.SchemaVersionTableExists ? await ReadSchemaVersionAsync(connection, cancellationToken) : null,
            Hypertables = facts.TimescaleDbInstalledVersion is null ? 0 : await ReadHypertableCountAsync(connection, cancellationToken),
        };
    }

    /// <summary>
    /// How many hypertables TimescaleDB's catalog holds (any role may read it), or null when that cannot be told:
    /// dropping the extension would destroy them (docs/first-install.md). A plain table: reading it loads no library.
    /// </summary>
    private static async Task<int?> ReadHypertableCountAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('_timescaledb_catalog.hypertable') IS NOT NULL", connection))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return await NoneIfTimescaleDbWasDroppedAsync(connection, cancellationToken);
            }
        }
        try
        {
            await using var count = new NpgsqlCommand("SELECT count(*)::int FROM _timescaledb_catalog.hypertable", connection);
            return await count.ExecuteScalarAsync(cancellationToken) as int?;
        }
        catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.InsufficientPrivilege)
        {
            return null;
        }
        catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.UndefinedTable)
        {
            return await NoneIfTimescaleDbWasDroppedAsync(connection, cancellationToken);
        }
    }

    // The catalog vanished between two queries: another container's first install dropped TimescaleDB meanwhile
    // (DROP EXTENSION without CASCADE succeeds only when no hypertable exists). Then there is none; the first-install
    // stage reads everything again under its lock before it changes anything.
    private static async Task<int?> NoneIfTimescaleDbWasDroppedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var created = new NpgsqlCommand("SELECT EXISTS (SELECT FROM pg_extension WHERE extname = 'timescaledb')", connection);
        return await created.ExecuteScalarAsync(cancellationToken) is true ? null : 0;
    }

    private static async Task<IReadOnlyList<SchemaLockHolder>> ReadSchemaLockHoldersAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(LocksSql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var holders = new List<SchemaLockHolder>();
        while (await reader.ReadAsync(cancellationToken))
        {
            holders.Add(new SchemaLockHolder(reader.GetInt32(0), reader.GetBoolean(1), reader.GetBoolean(2), NullableString(reader, 3)));
        }
        return holders;
    }

    private static async Task<string?> ReadSchemaVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT version::text FROM public.prom_schema_migrations ORDER BY 1 DESC LIMIT 1", connection);
            return await command.ExecuteScalarAsync(cancellationToken) as string;
        }
        catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.UndefinedColumn)
        {
            // Created by another role, or an unexpected shape: the version is unknown, not a failure.
            return null;
        }
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
