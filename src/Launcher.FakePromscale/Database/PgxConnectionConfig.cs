using System.Globalization;
using System.Text;
using Npgsql;

namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>
/// A connection string read the way pgx v4 (<c>pgconn.ParseConfig</c>) reads it, URL or key=value form, with the
/// <c>PG*</c> environment defaults, then turned into an Npgsql connection string. Nothing is added that pgx
/// would not add: no <c>application_name</c> unless given, <c>sslmode</c> defaults to <c>prefer</c> (docs/promscale.md §2.1).
/// </summary>
internal sealed record PgxConnectionConfig
{
    private static readonly HashSet<string> _consumedByPgx = new(StringComparer.Ordinal)
    {
        "host", "port", "database", "dbname", "user", "password", "passfile", "connect_timeout", "sslmode", "sslkey",
        "sslcert", "sslrootcert", "sslpassword", "sslsni", "krbspn", "krbsrvname", "target_session_attrs",
        "min_read_buffer_size", "statement_cache_capacity", "statement_cache_mode", "prefer_simple_protocol",
        "pool_max_conns", "pool_min_conns", "pool_max_conn_lifetime", "pool_max_conn_idle_time",
        "pool_health_check_period", "pool_max_conn_lifetime_jitter", "application_name",
    };

    public required string Host { get; init; }

    public required int Port { get; init; }

    public required string User { get; init; }

    public string? Password { get; init; }

    /// <summary>Empty when not given: the server then uses the user name (pgx leaves it empty too).</summary>
    public required string Database { get; init; }

    public required string SslMode { get; init; }

    public TimeSpan? ConnectTimeout { get; init; }

    public string? ApplicationName { get; init; }

    public required IReadOnlyDictionary<string, string> RuntimeParameters { get; init; }

    public bool IsUnixSocket => Host.StartsWith('/');

    /// <summary>pgconn's <c>connectError</c> prefix: <c>host=H user=U database=D</c>.</summary>
    public string Identity => $"host={Host} user={User} database={Database}";

    public static PgxConnectionConfig Parse(string connectionString, Func<string, string?> environment)
    {
        var settings = DefaultSettings(environment);
        var parsed = connectionString.StartsWith("postgres://", StringComparison.Ordinal) || connectionString.StartsWith("postgresql://", StringComparison.Ordinal)
            ? ParseUrl(connectionString)
            : ParseKeywordValue(connectionString);
        foreach (var (key, value) in parsed)
        {
            settings[key == "dbname" ? "database" : key] = value;
        }

        var runtime = settings.Where(pair => !_consumedByPgx.Contains(pair.Key) && pair.Key != "database")
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        var host = settings["host"].Split(',')[0];
        var portText = settings["port"].Split(',')[0];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            throw new FormatException($"cannot parse `{connectionString}`: invalid port (strconv.ParseUint: parsing {Flags.GoSyntax.Quote(portText)}: invalid syntax)");
        }

        TimeSpan? timeout = null;
        if (settings.TryGetValue("connect_timeout", out var timeoutText) && timeoutText.Length > 0)
        {
            if (!long.TryParse(timeoutText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                throw new FormatException($"cannot parse `{connectionString}`: invalid connect_timeout (strconv.ParseInt: parsing {Flags.GoSyntax.Quote(timeoutText)}: invalid syntax)");
            }

            timeout = seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;
        }

        return new PgxConnectionConfig
        {
            Host = host,
            Port = port,
            User = settings.GetValueOrDefault("user") ?? string.Empty,
            Password = settings.GetValueOrDefault("password"),
            Database = settings.GetValueOrDefault("database") ?? string.Empty,
            SslMode = settings.GetValueOrDefault("sslmode") ?? "prefer",
            ConnectTimeout = timeout,
            ApplicationName = settings.GetValueOrDefault("application_name"),
            RuntimeParameters = runtime,
        };
    }

    public string ToNpgsqlConnectionString()
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = Port,
            Username = User,
            Database = Database.Length > 0 ? Database : User,
            SslMode = SslMode switch
            {
                "disable" => Npgsql.SslMode.Disable,
                "allow" => Npgsql.SslMode.Allow,
                "require" => Npgsql.SslMode.Require,
                "verify-ca" => Npgsql.SslMode.VerifyCA,
                "verify-full" => Npgsql.SslMode.VerifyFull,
                _ => Npgsql.SslMode.Prefer,
            },
            GssEncryptionMode = GssEncryptionMode.Disable,

            // pgx has no connect timeout of its own without connect_timeout (Npgsql caps it at 1024 s).
            Timeout = ConnectTimeout is { } timeout ? (int)Math.Clamp(timeout.TotalSeconds, 1, 1024) : 0,
            CommandTimeout = 0,

            // Every NpgsqlConnection is one real backend: the fake keeps its own pools (docs/promscale.md §3.7).
            Pooling = false,
            Enlist = false,
        };
        if (Password is not null)
        {
            builder.Password = Password;
        }

        if (ApplicationName is not null)
        {
            builder.ApplicationName = ApplicationName;
        }

        if (RuntimeParameters.Count > 0)
        {
            builder.Options = string.Join(' ', RuntimeParameters.Select(pair => $"-c {pair.Key}={pair.Value.Replace(" ", "\\ ", StringComparison.Ordinal)}"));
        }

        return builder.ConnectionString;
    }

    /// <summary><c>util.MaskPassword</c>: the connection string with its password replaced by <c>****</c>.</summary>
    public static string MaskPassword(string connectionString)
    {
        if (connectionString.Contains("://", StringComparison.Ordinal))
        {
            var schemeEnd = connectionString.IndexOf("://", StringComparison.Ordinal) + 3;
            var at = connectionString.IndexOf('@', schemeEnd);
            var colon = at > 0 ? connectionString.IndexOf(':', schemeEnd) : -1;
            return colon > 0 && colon < at ? connectionString[..(colon + 1)] + "****" + connectionString[at..] : connectionString;
        }

        var builder = new StringBuilder();
        var index = connectionString.IndexOf("password=", StringComparison.Ordinal);
        if (index < 0)
        {
            return connectionString;
        }

        var end = connectionString.IndexOf(' ', index);
        builder.Append(connectionString[..(index + "password=".Length)]).Append("****");
        if (end > 0)
        {
            builder.Append(connectionString[end..]);
        }

        return builder.ToString();
    }

    private static Dictionary<string, string> DefaultSettings(Func<string, string?> environment)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = DefaultHost(),
            ["port"] = "5432",
            ["user"] = Environment.UserName,
        };
        var fromEnvironment = new (string Variable, string Key)[]
        {
            ("PGHOST", "host"), ("PGPORT", "port"), ("PGDATABASE", "database"), ("PGUSER", "user"),
            ("PGPASSWORD", "password"), ("PGAPPNAME", "application_name"), ("PGCONNECT_TIMEOUT", "connect_timeout"),
            ("PGSSLMODE", "sslmode"), ("PGTARGETSESSIONATTRS", "target_session_attrs"),
        };
        foreach (var (variable, key) in fromEnvironment)
        {
            var value = environment(variable);
            if (!string.IsNullOrEmpty(value))
            {
                settings[key] = value;
            }
        }

        return settings;
    }

    /// <summary>pgconn's <c>defaultHost</c>: the first existing socket directory, else localhost.</summary>
    private static string DefaultHost()
        => new[] { "/var/run/postgresql", "/private/tmp", "/tmp" }.FirstOrDefault(Directory.Exists) ?? "localhost";

    private static List<(string Key, string Value)> ParseUrl(string url)
    {
        var result = new List<(string, string)>();
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var query = string.Empty;
        var questionMark = rest.IndexOf('?', StringComparison.Ordinal);
        if (questionMark >= 0)
        {
            query = rest[(questionMark + 1)..];
            rest = rest[..questionMark];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash >= 0 ? rest[..slash] : rest;
        var path = slash >= 0 ? rest[(slash + 1)..] : string.Empty;
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = authority[..at];
            authority = authority[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            result.Add(("user", Uri.UnescapeDataString(colon >= 0 ? userInfo[..colon] : userInfo)));
            if (colon >= 0)
            {
                result.Add(("password", Uri.UnescapeDataString(userInfo[(colon + 1)..])));
            }
        }

        if (authority.Length > 0)
        {
            var (host, port) = SplitHostPort(authority.Split(',')[0]);
            if (host.Length > 0)
            {
                result.Add(("host", host));
            }

            if (port.Length > 0)
            {
                result.Add(("port", port));
            }
        }

        if (path.Length > 0)
        {
            result.Add(("database", Uri.UnescapeDataString(path)));
        }

        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString((equals >= 0 ? pair[..equals] : pair).Replace('+', ' '));
            var value = equals >= 0 ? Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' ')) : string.Empty;
            result.Add((key, value));
        }

        return result;
    }

    private static (string Host, string Port) SplitHostPort(string hostPort)
    {
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']', StringComparison.Ordinal);
            var host = hostPort[1..close];
            var port = hostPort.Length > close + 1 && hostPort[close + 1] == ':' ? hostPort[(close + 2)..] : string.Empty;
            return (host, port);
        }

        var colon = hostPort.LastIndexOf(':');
        return colon >= 0 ? (hostPort[..colon], hostPort[(colon + 1)..]) : (hostPort, string.Empty);
    }

    private static List<(string Key, string Value)> ParseKeywordValue(string text)
    {
        var result = new List<(string, string)>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                break;
            }

            var equals = text.IndexOf('=', i);
            if (equals < 0)
            {
                throw new FormatException($"cannot parse `{text}`: failed to parse as DSN (invalid dsn)");
            }

            var key = text[i..equals].Trim();
            i = equals + 1;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var value = new StringBuilder();
            if (i < text.Length && text[i] == '\'')
            {
                i++;
                while (i < text.Length && text[i] != '\'')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    value.Append(text[i]);
                    i++;
                }

                i++;
            }
            else
            {
                while (i < text.Length && !char.IsWhiteSpace(text[i]))
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    value.Append(text[i]);
                    i++;
                }
            }

            result.Add((key, value.ToString()));
        }

        return result;
    }
}
