namespace PromscaleLauncher.Database;

/// <summary>
/// Everything the preflight learns from the server, read with queries any role may run (no superuser,
/// no pg_read_all_settings). Connection counts exclude the preflight's own connection.
/// </summary>
internal sealed record ServerFacts
{
    public required int ServerVersionNumber { get; init; }
    public required string ServerVersion { get; init; }
    public required string CurrentUser { get; init; }
    public required string Database { get; init; }
    /// <summary>pg_stat_ssl.ssl for the preflight's own connection.</summary>
    public required bool ConnectionEncrypted { get; init; }
    public required bool IsSuperuser { get; init; }
    public required bool CanCreateRole { get; init; }
    public required bool CanCreateInDatabase { get; init; }

    /// <summary>pg_roles.rolconnlimit; -1 means no limit.</summary>
    public required int RoleConnectionLimit { get; init; }

    /// <summary>pg_database.datconnlimit; -1 means no limit.</summary>
    public required int DatabaseConnectionLimit { get; init; }

    public required int MaxConnections { get; init; }
    public required int SuperuserReservedConnections { get; init; }

    /// <summary>reserved_connections (PostgreSQL 16+), 0 before.</summary>
    public required int ReservedConnections { get; init; }

    /// <summary>Client connections of others that are not Promscale's (application_name promscale@…).</summary>
    public required int OtherConnections { get; init; }

    /// <summary>Of <see cref="OtherConnections"/>, those of the current role.</summary>
    public required int OtherRoleConnections { get; init; }

    /// <summary>Of <see cref="OtherConnections"/>, those to the current database.</summary>
    public required int OtherDatabaseConnections { get; init; }

    /// <summary>Connections whose application_name says Promscale (other instances, or an old release still running).</summary>
    public required int PromscaleConnections { get; init; }

    /// <summary>Promscale's connections by application_name (<see cref="PromscaleSessionName"/>): the peers, read by the preflight.</summary>
    public IReadOnlyDictionary<string, int> PromscaleSessions { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// timescaledb.max_background_workers as pg_settings shows it: NULL unless the library is loaded. A placeholder set in
    /// postgresql.conf without the library is not in pg_settings (docs/timescaledb.md, corrections box).
    /// </summary>
    public string? TimescaleDbPreloadSetting { get; init; }

    /// <summary>current_setting('timescaledb.license', true): set only where the extension is installed and preloaded.</summary>
    public string? TimescaleDbLicense { get; init; }

    public string? TimescaleDbAvailableVersion { get; init; }
    public string? TimescaleDbInstalledVersion { get; init; }

    /// <summary>The role that owns the timescaledb extension in this database (pg_extension.extowner), when created.</summary>
    public string? TimescaleDbOwner { get; init; }

    /// <summary>
    /// Hypertables in TimescaleDB's catalog: 0 when TimescaleDB is not created here, null when the catalog could not be read.
    /// </summary>
    public int? Hypertables { get; init; }
    public string? PromscaleExtensionAvailableVersion { get; init; }
    public string? PromscaleExtensionInstalledVersion { get; init; }

    /// <summary>Which of Promscale's prom_* roles exist.</summary>
    public required IReadOnlyList<string> PromscaleRoles { get; init; }

    /// <summary>Promscale ≤ 0.10's schema version (public.prom_schema_migrations), when that table exists and is readable.</summary>
    public string? SchemaVersion { get; init; }

    public required bool SchemaVersionTableExists { get; init; }

    public required IReadOnlyList<SchemaLockHolder> SchemaLockHolders { get; init; }

    public int PostgresMajor => ServerVersionNumber / 10000;

    public bool TimescaleDbPreloaded => TimescaleDbPreloadSetting is not null;

    public static readonly IReadOnlyList<string> AllPromscaleRoles =
        ["prom_admin", "prom_maintenance", "prom_modifier", "prom_reader", "prom_writer"];
}

/// <summary>A session holding Promscale's schema-version advisory lock (docs/promscale.md §3.4).</summary>
internal sealed record SchemaLockHolder(int Pid, bool Exclusive, bool Granted, string? ApplicationName);
