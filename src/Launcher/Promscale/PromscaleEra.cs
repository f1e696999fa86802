namespace PromscaleLauncher.Promscale;

/// <summary>The eras of docs/promscale.md §0 that change what the launcher must do.</summary>
internal enum PromscaleEra
{
    /// <summary>0.10.0: the connector runs SQL migrations itself (needs CREATEROLE); one pool; no signal handling.</summary>
    SqlMigrations,

    /// <summary>0.11.0–0.12.1: the `promscale` extension is required; one pool; SIGINT is graceful.</summary>
    ExtensionSinglePool,

    /// <summary>0.13.0–0.14.0: writer and reader pools.</summary>
    ReaderWriterPools,

    /// <summary>0.15.0–0.17.0: writer, reader and maintenance pools; TimescaleDB mandatory.</summary>
    MaintenancePool,
}
