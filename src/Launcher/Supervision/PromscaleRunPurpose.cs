namespace PromscaleLauncher.Supervision;

/// <summary>Why Promscale runs: to serve (readiness, the launcher's exit code), or once to install its schema and exit.</summary>
internal enum PromscaleRunPurpose
{
    Serve,

    /// <summary>-migrate=only (docs/promscale.md §10.1): no listener, so no readiness; the caller reports how it ended.</summary>
    MigrateOnly,
}
