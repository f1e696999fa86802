namespace PromscaleLauncher.Maintenance;

/// <summary>How a maintenance pass ended.</summary>
internal enum MaintenanceOutcome
{
    /// <summary>prom_api.execute_maintenance() returned.</summary>
    Done,

    /// <summary>Another runner (another container, a one-off) holds <see cref="MaintenanceLock"/>: nothing was done.</summary>
    LockHeld,

    /// <summary>The database has no Promscale schema (no prom_api.execute_maintenance): nothing to maintain.</summary>
    NoSchema,

    /// <summary>Automatic mode, and Promscale's own job is scheduled (Timescale licence): the launcher leaves it to it.</summary>
    LeftToPromscale,

    /// <summary>Could not connect, or the CALL failed (error, statement timeout).</summary>
    Failed,
}
