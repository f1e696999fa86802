using System.Globalization;
using Npgsql;

namespace PromscaleLauncher.Configuration;

/// <summary>
/// The one table that decides every query parameter a database URL may carry: each libpq keyword of PostgreSQL 17
/// (libpq-connect §34.1.2, "Parameter Key Words"), as Promscale's driver and the preflight's Npgsql read it.
/// Promscale 0.10–0.17 use pgx v4 with pgconn v1.11 (0.10.0) to v1.13: <c>pgconn.ParseConfig</c> consumes a short list
/// of keywords and sends <em>every other</em> one to the server as a run-time setting, which the server refuses
/// ("unrecognized configuration parameter"), so a libpq keyword that pgx does not know stops Promscale at start.
/// README "URL parameters" documents this table.
/// </summary>
internal static class UrlParameters
{
    private const string SentToServer =
        "Promscale's driver (pgx) does not know and would send to the server as a setting, which the server refuses, so Promscale could not connect";

    private const string InUrlForm = "postgresql://user:password@host:port/dbname";

    private static readonly UrlParameterRule[] _rules =
    [
        // The URL's own parts: as query parameters pgx lets them override the URL, which the preflight would not see.
        InTheUrl("host", $"write the host in the URL itself ({InUrlForm}) and remove host= from the query"),
        Refused("hostaddr", SentToServer, $"remove hostaddr and write the IP address as the URL's host ({InUrlForm})"),
        InTheUrl("port", $"write the port in the URL itself ({InUrlForm}) and remove port= from the query"),
        InTheUrl("dbname", $"write the database name as the URL's path ({InUrlForm}) and remove dbname= from the query"),
        InTheUrl("user", $"write the user in the URL itself ({InUrlForm}) and remove user= from the query"),
        InTheUrl("password", $"write the password, percent-encoded, after the user ({InUrlForm}) and remove password= from the query"),
        // pgx reads a passfile only when the URL has no password, as libpq does.
        Passed("passfile", Any, (builder, value) => builder.Passfile = value),
        Refused("require_auth", SentToServer, "remove require_auth; to be sure of the server, use sslmode=verify-full with its CA in sslrootcert"),
        Refused("channel_binding", SentToServer, "remove channel_binding; to be sure of the server, use sslmode=verify-full with its CA in sslrootcert"),
        // The preflight keeps its own short timeout (it retries within PROMSCALE_LAUNCHER_DB_WAIT); Promscale gets this one.
        Passed("connect_timeout", value => IsWholeNumber(value) ? null
            : new("is not a whole number of seconds (pgx refuses it)", "set connect_timeout to whole seconds such as 10, or remove it (the launcher then gives Promscale 10)")),
        // Promscale reads and writes UTF-8 text; the server knows UTF8 under these names (charset.html).
        Passed("client_encoding", value => value.ToUpperInvariant() is "UTF8" or "UTF-8" or "UNICODE" ? null
            : new("is not UTF8, the only encoding Promscale works in", "remove client_encoding or set it to UTF8")),
        // pgx sends options in the startup packet, where the server reads it as command-line switches (-c name=value).
        Passed("options", Any, (builder, value) => builder.Options = value),
        // The preflight keeps its own name so that pg_stat_activity tells it apart; Promscale gets the operator's.
        Passed("application_name", Any),
        Refused("fallback_application_name", SentToServer, "use application_name=<name> instead (without it, the launcher names Promscale's sessions promscale@<version>)"),
        Refused("keepalives", SentToServer, "remove it: pgx keeps TCP keepalives on by itself"),
        Refused("keepalives_idle", SentToServer, "remove it: pgx keeps TCP keepalives on by itself"),
        Refused("keepalives_interval", SentToServer, "remove it: pgx keeps TCP keepalives on by itself"),
        Refused("keepalives_count", SentToServer, "remove it: pgx keeps TCP keepalives on by itself"),
        Refused("tcp_user_timeout", SentToServer, "remove tcp_user_timeout"),
        Refused("replication", "would open a replication connection, on which Promscale cannot run queries", "remove replication"),
        // pgx never encrypts with GSSAPI, which is what disable and prefer come to; Npgsql can be told the same.
        new("gssencmode", UrlParameterHandling.RemovedForPromscale, value => value switch
            {
                "disable" or "prefer" => null,
                "require" => new("asks for GSSAPI encryption, which Promscale's driver (pgx) cannot do", "remove gssencmode and keep the connection encrypted with sslmode=require or verify-full"),
                _ => new("is not a gssencmode (disable, prefer, require)", "remove gssencmode"),
            },
            (builder, value) => builder.GssEncryptionMode = value == "disable" ? GssEncryptionMode.Disable : GssEncryptionMode.Prefer),
        new("sslmode", UrlParameterHandling.Launcher, Any),
        Refused("requiressl", "is deprecated in libpq and " + SentToServer, "replace requiressl=1 with sslmode=require"),
        // pgx negotiates TLS with an SSLRequest, which is what sslnegotiation=postgres (the default) means.
        new("sslnegotiation", UrlParameterHandling.RemovedForPromscale, value => value == "postgres" ? null
            : new("asks for direct TLS negotiation, which Promscale's driver (pgx) cannot do", "remove sslnegotiation")),
        // TLS compression is insecure (CRIME) and off in OpenSSL and Go's crypto/tls; libpq 17 only keeps the keyword.
        new("sslcompression", UrlParameterHandling.RemovedForPromscale, value => value is "0" or "1" ? null
            : new("is not 0 or 1", "remove sslcompression")),
        Passed("sslcert", ExistingFile, (builder, value) => builder.SslCertificate = value),
        Passed("sslkey", ExistingFile, (builder, value) => builder.SslKey = value),
        // pgconn learnt sslpassword in v1.13.0 (2022-08); Promscale 0.10.0's v1.11.0 sends it to the server.
        Refused("sslpassword", "is unknown to Promscale 0.10's driver (pgconn v1.11), which would send it to the server as a setting, so Promscale could not connect",
            "decrypt the key once (openssl pkey -in key.pem -out key.plain.pem, mode 600), point sslkey at it and remove sslpassword"),
        Refused("sslcertmode", SentToServer, "remove sslcertmode; Promscale sends the client certificate whenever sslcert and sslkey are set"),
        // libpq 16's sslrootcert=system means the OS trust store; pgx would read a file named "system".
        Passed("sslrootcert", value => value == "system"
                ? new("means the system trust store to libpq, but Promscale's driver (pgx) would read a file named system", "point sslrootcert at the CA file itself, e.g. /etc/ssl/certs/ca-certificates.crt")
                : ExistingFile(value),
            (builder, value) => builder.RootCertificate = value),
        Refused("sslcrl", SentToServer, "remove sslcrl: Promscale's driver cannot check a revocation list"),
        Refused("sslcrldir", SentToServer, "remove sslcrldir: Promscale's driver cannot check a revocation list"),
        // pgconn learnt sslsni in v1.14.0 (2023-02), after the last Promscale; Go's crypto/tls sends SNI anyway.
        Refused("sslsni", SentToServer, "remove sslsni: Promscale's driver sends the host name (SNI) by itself"),
        Refused("requirepeer", SentToServer, "remove requirepeer (it only applies to Unix-domain sockets)"),
        Refused("ssl_min_protocol_version", SentToServer, "remove it: Promscale's driver (Go crypto/tls) never uses less than TLS 1.2"),
        Refused("ssl_max_protocol_version", SentToServer, "remove ssl_max_protocol_version"),
        // pgconn v1.11 sends krbsrvname to the server (fixed in v1.12.1), and no Promscale registers a GSSAPI provider.
        Refused("krbsrvname", "is unknown to Promscale 0.10's driver and no Promscale can authenticate with Kerberos", "remove krbsrvname and use password authentication"),
        Refused("gsslib", SentToServer, "remove gsslib (it only applies on Windows)"),
        Refused("gssdelegation", SentToServer, "remove gssdelegation"),
        // pgx reads service files; Npgsql does not, so the preflight would check another database than Promscale's.
        Refused("service", "is read by Promscale's driver from a service file that the preflight cannot read", $"write the service's settings in the URL itself ({InUrlForm}) and remove service"),
        // pgconn v1.11 knows any, read-write, read-only, primary, standby; v1.13 adds prefer-standby. Promscale writes.
        Passed("target_session_attrs", value => value switch
            {
                "any" or "read-write" or "primary" => null,
                "read-only" or "standby" or "prefer-standby" => new("would connect Promscale to a read-only server, where it cannot write metrics", "use target_session_attrs=read-write (or primary), or remove it"),
                _ => new("is not a target_session_attrs value Promscale's driver knows (any, read-write, primary, read-only, standby)", "use target_session_attrs=read-write, or remove it"),
            },
            // Npgsql checks session attributes only across several hosts (it refuses them for one); with one host the
            // server is the one Promscale gets, whatever the preflight's setting.
            (builder, value) =>
            {
                if (builder.Host?.Contains(',') == true)
                {
                    builder.TargetSessionAttributes = value;
                }
            }),
        Refused("load_balance_hosts", SentToServer, "remove load_balance_hosts; Promscale tries the hosts in their order"),
    ];

    private static readonly Dictionary<string, UrlParameterRule> _byName = _rules.ToDictionary(rule => rule.Name, StringComparer.Ordinal);

    public static IReadOnlyList<UrlParameterRule> Rules => _rules;

    /// <summary>
    /// The rule for a parameter. A name libpq does not know is refused, as libpq refuses it: pgx would send it to the
    /// server as a setting, where a typo (sslmdoe) fails only when Promscale starts; options=-c name=value says so openly.
    /// </summary>
    public static UrlParameterRule Find(string name) => _byName.GetValueOrDefault(name) ?? Unknown(name);

    private static UrlParameterRule Unknown(string name) => new(name, UrlParameterHandling.Refused, _ =>
        new("is not a libpq connection parameter: Promscale's driver would send it to the server as a setting, where an unknown or misspelt name stops Promscale",
            $"remove {name}; to give Promscale's sessions a server setting, use options=-c%20{name}%3D<value>"));

    private static UrlParameterRule Passed(string name, Func<string, UrlParameterRefusal?> check, Action<NpgsqlConnectionStringBuilder, string>? applyToPreflight = null) =>
        new(name, UrlParameterHandling.Passed, check, applyToPreflight);

    private static UrlParameterRule Refused(string name, string why, string fix) =>
        new(name, UrlParameterHandling.Refused, _ => new(why, fix));

    private static UrlParameterRule InTheUrl(string name, string fix) =>
        Refused(name, "would override the URL for Promscale's driver (pgx) but not for the preflight", fix);

    private static UrlParameterRefusal? Any(string value) => null;

    private static UrlParameterRefusal? ExistingFile(string value) => File.Exists(value) ? null
        : new("names a file that does not exist in the container (Promscale's driver reads it at start)", "put the file in the app (e.g. certs/, then /app/certs/<file>) and give its absolute path, or remove the parameter");

    private static bool IsWholeNumber(string value) =>
        value.Length is > 0 and <= 9 && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _);
}
