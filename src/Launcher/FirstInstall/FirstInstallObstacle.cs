namespace PromscaleLauncher.FirstInstall;

/// <summary>Why the plain-schema-then-TimescaleDB path cannot be done by the connecting role.</summary>
internal enum FirstInstallObstacle
{
    /// <summary>TimescaleDB is created in the database by another role: the connecting role may not drop it.</summary>
    NotOwner,

    /// <summary>Hypertables exist: dropping TimescaleDB would destroy them.</summary>
    HypertablesPresent,

    /// <summary>TimescaleDB's catalog could not be read, so hypertables cannot be ruled out.</summary>
    HypertablesUnknown,

    /// <summary>The library is not preloaded: CREATE EXTENSION timescaledb would end with FATAL "must be preloaded".</summary>
    NotPreloaded,

    /// <summary>Promscale 0.10.0's migration creates the prom_* roles (docs/promscale.md §3.5).</summary>
    NoCreateRole,

    /// <summary>CREATE EXTENSION of a trusted extension needs CREATE on the database.</summary>
    NoCreatePrivilege,
}
