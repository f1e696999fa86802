namespace PromscaleLauncher.Configuration;

internal enum PreflightMode
{
    /// <summary>A blocking problem stops the launch with its exit code.</summary>
    Enforce,

    /// <summary>Blocking problems are logged as errors and Promscale starts anyway: the operator's escape hatch.</summary>
    Warn,
}
