using System.Net.Sockets;
using System.Security.Authentication;
using Npgsql;

namespace PromscaleLauncher.Database;

/// <summary>Why a connection attempt failed, in words for an operator (never the raw exception, which may quote the URL).</summary>
internal sealed record ConnectionFailure(ConnectionFailureKind Kind, string Reason, string? SqlState = null)
{
    public static ConnectionFailure Classify(Exception exception)
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
                    PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.AdminShutdown
                        or PostgresErrorCodes.CrashShutdown => new(ConnectionFailureKind.Transient, reason, postgres.SqlState),
                    PostgresErrorCodes.InsufficientPrivilege => new(ConnectionFailureKind.PermissionDenied, reason, postgres.SqlState),
                    _ => new(ConnectionFailureKind.Other, reason, postgres.SqlState),
                };
            case NpgsqlException { InnerException: SocketException socket }:
                return new(ConnectionFailureKind.Transient, Describe(socket.SocketErrorCode));
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
