namespace PromscaleLauncher.FirstInstall;

/// <summary>Which way the next start installs (or finds) Promscale 0.10.0's schema (docs/first-install.md).</summary>
internal enum FirstInstallPath
{
    /// <summary>public.prom_schema_migrations exists: a normal start.</summary>
    ExistingSchema,

    /// <summary>No schema yet, and Promscale's own first start works: TimescaleDB older than 2.14, or none at all.</summary>
    PromscaleInstalls,

    /// <summary>No schema yet on TimescaleDB ≥ 2.14: the schema is installed before TimescaleDB is created (docs/promscale.md §10.1).</summary>
    PlainSchemaThenTimescaleDb,

    /// <summary>The schema must go in before TimescaleDB, but a step cannot be done here: refused before anything changes.</summary>
    Impossible,
}
