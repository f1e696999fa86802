namespace PromscaleLauncher.Database;

internal enum ConnectionFailureKind
{
    /// <summary>Refused, DNS, timeout, server starting up: worth retrying within PROMSCALE_LAUNCHER_DB_WAIT.</summary>
    Transient,

    /// <summary>53300: no connection slot for this role now. Retried like <see cref="Transient"/> (slots free up), but a shortage, not an outage.</summary>
    TooManyConnections,
    Authentication,
    DatabaseMissing,
    TlsUnavailable,

    /// <summary>sslmode=verify-ca/verify-full and the server's certificate was not accepted (not signed by a trusted CA, or another host's name).</summary>
    TlsCertificateRejected,
    PermissionDenied,
    Other,
}
