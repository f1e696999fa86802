namespace PromscaleLauncher.Database;

internal enum ConnectionFailureKind
{
    /// <summary>Refused, DNS, timeout, 53300, server starting up: worth retrying within PROMSCALE_LAUNCHER_DB_WAIT.</summary>
    Transient,
    Authentication,
    DatabaseMissing,
    TlsUnavailable,
    PermissionDenied,
    Other,
}
