namespace PromscaleLauncher.Tests.Support.Postgres;

/// <summary>How <see cref="PostgresCluster.StartAsync"/> sets up a throwaway cluster.</summary>
public sealed record PostgresClusterOptions(PostgresVersion Version)
{
    public int MaxConnections { get; init; } = 40;

    public int SuperuserReservedConnections { get; init; } = 3;

    /// <summary>
    /// Emulates <c>shared_preload_libraries = 'timescaledb'</c> with the placeholder setting
    /// <c>timescaledb.max_background_workers = 16</c> in postgresql.conf (see StandIn/README.md).
    /// </summary>
    public bool TimescaleDbPreloaded { get; init; } = true;

    /// <summary>The licence the stand-in reports once created: "apache" (Scalingo's edition) or "timescale".</summary>
    public string TimescaleDbLicense { get; init; } = "apache";

    /// <summary>ssl = on with a throwaway self-signed certificate; plain TCP stays allowed.</summary>
    public bool Tls { get; init; }

    /// <summary>When false, the stand-in timescaledb is missing from pg_available_extensions.</summary>
    public bool TimescaleDbAvailable { get; init; } = true;

    /// <summary>When false, the stand-in promscale extension is missing from pg_available_extensions, as on Scalingo.</summary>
    public bool PromscaleExtensionAvailable { get; init; } = true;
}
