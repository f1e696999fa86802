namespace PromscaleLauncher.Configuration;

/// <summary>PROMSCALE_LAUNCHER_FIRST_INSTALL: whether the launcher may do Promscale 0.10.0's first install itself (docs/first-install.md).</summary>
internal enum FirstInstallMode
{
    /// <summary>On TimescaleDB ≥ 2.14 the launcher installs the schema before TimescaleDB, when it can do so safely.</summary>
    Auto,

    /// <summary>The launcher leaves the database alone; `check` prints the steps to run by hand.</summary>
    Manual,
}
