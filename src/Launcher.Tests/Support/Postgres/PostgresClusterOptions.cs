namespace PromscaleLauncher.Tests.Support.Postgres;

/// <summary>How <see cref="PostgresCluster.StartAsync"/> sets up a throwaway cluster.</summary>
public sealed record PostgresClusterOptions(PostgresVersion Version)
{
    public int MaxConnections { get; init; } = 40;

    public int SuperuserReservedConnections { get; init; } = 3;

    /// <summary>
    /// <c>shared_preload_libraries = 'timescaledb'</c>. On PostgreSQL 15 and 14 that preloads the native
    /// stand-in library, which defines the loader's settings (they appear in pg_settings). On 17
    /// (SQL-only stand-in) it is emulated with the placeholder setting
    /// <c>timescaledb.max_background_workers = 16</c> in postgresql.conf (see StandIn/README.md).
    /// </summary>
    public bool TimescaleDbPreloaded { get; init; } = true;

    /// <summary>
    /// Puts <c>timescaledb.max_background_workers = 16</c> in postgresql.conf without preloading the
    /// library: the trap of docs/timescaledb.md's corrections box (<c>current_setting(..., true)</c>
    /// answers, pg_settings has no row, CREATE EXTENSION ends FATAL). Only PostgreSQL 15 and 14 (native
    /// stand-in) tell it apart from <see cref="TimescaleDbPreloaded"/>.
    /// </summary>
    public bool TimescaleDbSettingWithoutLibrary { get; init; }

    /// <summary>The licence the stand-in reports once created: "apache" (Scalingo's edition) or "timescale".</summary>
    public string TimescaleDbLicense { get; init; } = "apache";

    /// <summary>True when this version's stand-in is the native, preloadable library (PostgreSQL 15 and 14).</summary>
    public bool HasNativeTimescaleDbStandIn => Version is PostgresVersion.V15 or PostgresVersion.V14;

    /// <summary>ssl = on with a throwaway self-signed certificate; plain TCP stays allowed.</summary>
    public bool Tls { get; init; }

    /// <summary>When false, the stand-in timescaledb is missing from pg_available_extensions.</summary>
    public bool TimescaleDbAvailable { get; init; } = true;

    /// <summary>When false, the stand-in promscale extension is missing from pg_available_extensions, as on Scalingo.</summary>
    public bool PromscaleExtensionAvailable { get; init; } = true;
}
