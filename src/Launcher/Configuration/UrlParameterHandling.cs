namespace PromscaleLauncher.Configuration;

/// <summary>What the launcher does with one query parameter of the database URL.</summary>
internal enum UrlParameterHandling
{
    /// <summary>The launcher reads it and decides the value both the preflight and Promscale use (sslmode).</summary>
    Launcher,

    /// <summary>Promscale gets it unchanged; the preflight applies its Npgsql equivalent when there is one.</summary>
    Passed,

    /// <summary>
    /// Applied to the preflight where it means something, and removed from Promscale's URI: Promscale's pgx would send
    /// it to the server as a setting, which the server refuses, while leaving it out changes nothing for pgx.
    /// </summary>
    RemovedForPromscale,

    /// <summary>A configuration error (exit 78) that names the parameter and the fix.</summary>
    Refused,
}
