using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>Renders Npgsql failures in pgx v4's words (pgconn <c>connectError</c>, <c>PgError.Error()</c>).</summary>
internal static class PgxErrorText
{
    /// <summary><c>SEVERITY: message (SQLSTATE code)</c>.</summary>
    public static string ForServerError(PostgresException error) => $"{error.InvariantSeverity}: {error.MessageText} (SQLSTATE {error.SqlState})";

    /// <summary>An error of a statement on an open connection.</summary>
    public static string ForQuery(Exception error) => error switch
    {
        PostgresException server => ForServerError(server),
        NpgsqlException { InnerException: IOException or SocketException or EndOfStreamException } => "unexpected EOF",
        ObjectDisposedException or InvalidOperationException => "conn closed",
        _ => error.Message,
    };

    /// <summary><c>failed to connect to `host=H user=U database=D`: MSG (ERR)</c> (docs/promscale.md §3.7).</summary>
    public static string ForConnect(PgxConnectionConfig config, Exception error)
        => $"failed to connect to `{config.Identity}`: {ConnectReason(config, error)}";

    private static string ConnectReason(PgxConnectionConfig config, Exception error)
    {
        if (FindInner<PostgresException>(error) is { } server)
        {
            return $"server error ({ForServerError(server)})";
        }

        if (FindInner<SocketException>(error) is { } socket)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => $"hostname resolving error (lookup {config.Host}: no such host)",
                SocketError.TimedOut => "dial error (timeout: context deadline exceeded)",
                _ => $"dial error (dial {Network(config)} {DialAddress(config)}: connect: {SocketReason(socket.SocketErrorCode)})",
            };
        }

        if (FindInner<TimeoutException>(error) is not null)
        {
            return "dial error (timeout: context deadline exceeded)";
        }

        var message = error.Message;
        if (message.Contains("does not support SSL", StringComparison.OrdinalIgnoreCase) || message.Contains("SSL connection", StringComparison.OrdinalIgnoreCase))
        {
            return "server refused TLS connection";
        }

        if (message.Contains("password", StringComparison.OrdinalIgnoreCase) && message.Contains("No password", StringComparison.OrdinalIgnoreCase))
        {
            return $"failed SASL auth (FATAL: password authentication failed for user \"{config.User}\" (SQLSTATE 28P01))";
        }

        return $"failed to receive message ({message})";
    }

    private static string Network(PgxConnectionConfig config) => config.IsUnixSocket ? "unix" : "tcp";

    private static string DialAddress(PgxConnectionConfig config)
    {
        if (config.IsUnixSocket)
        {
            return $"{config.Host.TrimEnd('/')}/.s.PGSQL.{config.Port}";
        }

        var host = config.Host;
        if (host == "localhost")
        {
            host = "127.0.0.1";
        }
        else if (!IPAddress.TryParse(host, out _))
        {
            try
            {
                host = Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)?.ToString() ?? host;
            }
            catch (SocketException)
            {
            }
        }

        return host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{config.Port}" : $"{host}:{config.Port}";
    }

    private static string SocketReason(SocketError code) => code switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported => "cannot assign requested address",
        SocketError.NetworkUnreachable => "network is unreachable",
        SocketError.HostUnreachable => "no route to host",
        SocketError.AccessDenied => "permission denied",
        SocketError.ConnectionReset => "connection reset by peer",
        _ => "no such file or directory",
    };

    private static T? FindInner<T>(Exception error)
        where T : Exception
    {
        for (var current = (Exception?)error; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }
}
