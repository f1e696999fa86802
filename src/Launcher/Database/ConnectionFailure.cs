using System.Net.Sockets;
using System.Security.Authentication;
using Npgsql;

namespace PromscaleLauncher.Database;

/// <summary>Why a connection attempt failed, in words for an operator (never the raw exception, which may quote the URL).</summary>
internal sealed record ConnectionFailure(ConnectionFailureKind Kind, string Reason, string? SqlState = null)
{
    /// <summary>For <see cref="ConnectionFailureKind.TooManyConnections"/>: which limit refused the connection.</summary>
    public ConnectionLimit? Limit { get; init; }

    /// <summary>The exit code for this failure: the same codes as the preflight's connection checks (docs/diagnostics.md).</summary>
    public int ExitCode => Kind switch
    {
        ConnectionFailureKind.Authentication or ConnectionFailureKind.PermissionDenied => ExitCodes.PermissionDenied,
        ConnectionFailureKind.DatabaseMissing => ExitCodes.DatabaseNotFound,
        ConnectionFailureKind.TlsUnavailable or ConnectionFailureKind.TlsCertificateRejected => ExitCodes.TlsUnavailable,
        ConnectionFailureKind.TooManyConnections => ExitCodes.TemporaryFailure,
        _ => ExitCodes.DatabaseUnavailable,
    };

    /// <param name="exception">What Npgsql threw.</param>
    /// <param name="verifiesCertificate">sslmode is verify-ca or verify-full: a failed handshake is then, as a rule, a rejected certificate.</param>
    public static ConnectionFailure Classify(Exception exception, bool verifiesCertificate = false)
    {
        switch (exception)
        {
            case PostgresException postgres:
                var reason = $"{postgres.MessageText} (SQLSTATE {postgres.SqlState})";
                return postgres.SqlState switch
                {
                    PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification =>
                        new(ConnectionFailureKind.Authentication, reason, postgres.SqlState),
                    PostgresErrorCodes.InvalidCatalogName => new(ConnectionFailureKind.DatabaseMissing, reason, postgres.SqlState),
                    PostgresErrorCodes.TooManyConnections =>
                        new(ConnectionFailureKind.TooManyConnections, reason, postgres.SqlState) { Limit = LimitOf(postgres.MessageText) },
                    PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.AdminShutdown
                        or PostgresErrorCodes.CrashShutdown => new(ConnectionFailureKind.Transient, reason, postgres.SqlState),
                    PostgresErrorCodes.InsufficientPrivilege => new(ConnectionFailureKind.PermissionDenied, reason, postgres.SqlState),
                    _ => new(ConnectionFailureKind.Other, reason, postgres.SqlState),
                };
            case NpgsqlException { InnerException: SocketException socket }:
                return new(ConnectionFailureKind.Transient, Describe(socket.SocketErrorCode));
            case NpgsqlException { InnerException: AuthenticationException } when verifiesCertificate:
                // Npgsql always validates through its own callback in the verify modes (NpgsqlConnector.NegotiateEncryption),
                // so SslStream's AuthenticationException is that callback's "rejected": the certificate, not the protocol.
                return new(ConnectionFailureKind.TlsCertificateRejected,
                    "the server's certificate is not trusted (it is not signed by a CA in sslrootcert or the system's trust store, or it names another host)");
            case NpgsqlException { InnerException: AuthenticationException }:
                return new(ConnectionFailureKind.TlsUnavailable, "the TLS handshake failed (certificate or protocol not accepted)");
            case NpgsqlException npgsql when npgsql.Message.Contains("SSL", StringComparison.Ordinal):
                // Npgsql's wording when the server answers 'N' to the SSLRequest.
                return new(ConnectionFailureKind.TlsUnavailable, "the server does not accept TLS connections");
            case NpgsqlException { InnerException: TimeoutException or OperationCanceledException }:
            case TimeoutException:
                return new(ConnectionFailureKind.Transient, "the connection timed out");
            case NpgsqlException { IsTransient: true }:
                return new(ConnectionFailureKind.Transient, "the connection was lost");
            case SocketException socket:
                return new(ConnectionFailureKind.Transient, Describe(socket.SocketErrorCode));
            default:
                return new(ConnectionFailureKind.Other, exception.GetType().Name);
        }
    }

    // The four 53300 messages of InitPostgres (src/backend/utils/init/postinit.c) and InitProcess (proc.c); the
    // SQLSTATE alone does not say which limit refused. PostgreSQL 16 reworded the reserved one ("…reserved for roles
    // with the SUPERUSER attribute", observed on 17.10; 14 and 15: "…for non-replication superuser connections").
    private static ConnectionLimit LimitOf(string message) =>
        message.StartsWith("too many connections for role", StringComparison.Ordinal) ? ConnectionLimit.Role
        : message.StartsWith("too many connections for database", StringComparison.Ordinal) ? ConnectionLimit.Database
        : message.StartsWith("remaining connection slots are reserved", StringComparison.Ordinal) ? ConnectionLimit.ReservedSlots
        : ConnectionLimit.MaxConnections;

    private static string Describe(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "host name not found (DNS)",
        SocketError.TimedOut => "the connection timed out",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
        SocketError.ConnectionReset => "connection reset by the server",
        _ => $"network error {error}",
    };
}
