using System.Text;

namespace PromscaleLauncher.Configuration;

/// <summary>
/// A parsed postgres:// or postgresql:// URL (libpq's URI form, which is also what pgx, and so Promscale,
/// accepts). Query parameters keep their order and spelling so that the URL handed to Promscale differs
/// from the operator's only where the launcher means it to (sslmode, application_name, connect_timeout).
/// </summary>
internal sealed class PostgresUrl
{
    private PostgresUrl(string scheme, string? user, string? password, IReadOnlyList<PostgresHost> hosts,
        string database, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        Scheme = scheme;
        User = user;
        Password = password is null ? null : new SecretString(password);
        Hosts = hosts;
        Database = database;
        Parameters = parameters;
    }

    public string Scheme { get; }

    public string? User { get; }

    public SecretString? Password { get; }

    public IReadOnlyList<PostgresHost> Hosts { get; }

    public string Database { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }

    public string? GetParameter(string name)
    {
        foreach (var (key, value) in Parameters)
        {
            if (key == name)
            {
                return value;
            }
        }
        return null;
    }

    /// <summary>A copy with the parameter replaced in place, or appended when absent.</summary>
    public PostgresUrl WithParameter(string name, string value)
    {
        var parameters = new List<KeyValuePair<string, string>>(Parameters.Count + 1);
        var replaced = false;
        foreach (var pair in Parameters)
        {
            if (pair.Key == name)
            {
                if (!replaced)
                {
                    parameters.Add(new(name, value));
                    replaced = true;
                }
                continue;
            }
            parameters.Add(pair);
        }
        if (!replaced)
        {
            parameters.Add(new(name, value));
        }
        return new PostgresUrl(Scheme, User, Password?.Reveal(), Hosts, Database, parameters);
    }

    /// <summary>A copy without the parameter.</summary>
    public PostgresUrl WithoutParameter(string name) =>
        new(Scheme, User, Password?.Reveal(), Hosts, Database, Parameters.Where(pair => pair.Key != name).ToList());

    /// <summary>A copy with the parameter added only when the URL does not set it already.</summary>
    public PostgresUrl WithDefaultParameter(string name, string value) =>
        GetParameter(name) is null ? WithParameter(name, value) : this;

    /// <summary>The URL with its password, for Promscale's environment only. Never log it.</summary>
    public SecretString ToSecretUri() => new(Format(revealPassword: true));

    /// <summary>The URL with the password replaced by ****: safe for logs and reports.</summary>
    public string ToMaskedString() => Format(revealPassword: false);

    public override string ToString() => ToMaskedString();

    private string Format(bool revealPassword)
    {
        var text = new StringBuilder();
        text.Append(Scheme).Append("://");
        if (User is not null)
        {
            text.Append(Uri.EscapeDataString(User));
            if (Password is not null)
            {
                text.Append(':').Append(revealPassword ? Uri.EscapeDataString(Password.Reveal()) : SecretString.Mask);
            }
            text.Append('@');
        }
        text.AppendJoin(',', Hosts.Select(host => host.Authority));
        text.Append('/').Append(Uri.EscapeDataString(Database));
        for (var i = 0; i < Parameters.Count; i++)
        {
            var (key, value) = Parameters[i];
            text.Append(i == 0 ? '?' : '&').Append(Uri.EscapeDataString(key)).Append('=');
            text.Append(IsSecretParameter(key) && !revealPassword ? SecretString.Mask : Uri.EscapeDataString(value));
        }
        return text.ToString();
    }

    /// <summary>Query parameters that hold a secret (libpq's password and sslpassword).</summary>
    public static IReadOnlyList<string> SecretParameterNames { get; } = ["password", "sslpassword"];

    private static bool IsSecretParameter(string key) => key is "password" or "sslpassword";

    /// <summary>Parses the URL, or says in one sentence what is wrong with it (never quoting the password).</summary>
    public static bool TryParse(string text, out PostgresUrl url, out string error)
    {
        url = null!;
        error = "";
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd < 0 ? "" : text[..schemeEnd].ToLowerInvariant();
        if (scheme is not ("postgres" or "postgresql"))
        {
            error = "is not a postgres:// or postgresql:// URL.";
            return false;
        }
        var rest = text[(schemeEnd + 3)..];
        if (rest.Contains('#'))
        {
            error = "contains a '#' fragment, which a PostgreSQL URL cannot have (percent-encode it as %23 if it is part of the password).";
            return false;
        }

        // As Go's net/url (pgx) does: the authority ends at the first '/' or '?', and the user
        // information at the last '@' inside it.
        var authorityEnd = rest.IndexOfAny(['/', '?']);
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var afterAuthority = authorityEnd < 0 ? "" : rest[authorityEnd..];

        string? user = null;
        string? password = null;
        var at = authority.LastIndexOf('@');
        var hostList = authority;
        if (at >= 0)
        {
            var userInfo = authority[..at];
            hostList = authority[(at + 1)..];
            var colon = userInfo.IndexOf(':');
            var rawUser = colon < 0 ? userInfo : userInfo[..colon];
            if (!TryDecode(rawUser, out var decodedUser))
            {
                error = "has an invalid percent-encoding in the user name.";
                return false;
            }
            user = decodedUser.Length == 0 ? null : decodedUser;
            if (colon >= 0)
            {
                if (!TryDecode(userInfo[(colon + 1)..], out var decodedPassword))
                {
                    error = "has an invalid percent-encoding in the password.";
                    return false;
                }
                password = decodedPassword;
            }
        }

        if (!TryParseHosts(hostList, out var hosts, out error))
        {
            return false;
        }

        var queryStart = afterAuthority.IndexOf('?');
        var path = queryStart < 0 ? afterAuthority : afterAuthority[..queryStart];
        var query = queryStart < 0 ? "" : afterAuthority[(queryStart + 1)..];
        if (!TryDecode(path.TrimStart('/'), out var database))
        {
            error = "has an invalid percent-encoding in the database name.";
            return false;
        }
        // An empty database stays empty: libpq would use the user's name, which SettingsReader refuses to guess.

        var parameters = new List<KeyValuePair<string, string>>();
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                error = $"has a query parameter without a name=value form (near \"{Truncate(pair)}\").";
                return false;
            }
            if (!TryDecode(pair[..equals], out var key) || !TryDecode(pair[(equals + 1)..], out var value))
            {
                error = "has an invalid percent-encoding in a query parameter.";
                return false;
            }
            parameters.Add(new(key, value));
        }

        url = new PostgresUrl(scheme, user, password, hosts, database, parameters);
        return true;
    }

    private static bool TryParseHosts(string hostList, out IReadOnlyList<PostgresHost> hosts, out string error)
    {
        var parsed = new List<PostgresHost>();
        hosts = parsed;
        error = "";
        foreach (var entry in hostList.Split(','))
        {
            string name;
            var portText = "";
            if (entry.StartsWith('['))
            {
                var close = entry.IndexOf(']');
                if (close < 0)
                {
                    error = "has an IPv6 host without its closing ']'.";
                    return false;
                }
                name = entry[1..close];
                var after = entry[(close + 1)..];
                if (after.Length > 0)
                {
                    if (after[0] != ':')
                    {
                        error = "has characters after an IPv6 host that are not a :port.";
                        return false;
                    }
                    portText = after[1..];
                }
            }
            else
            {
                var colon = entry.LastIndexOf(':');
                name = colon < 0 ? entry : entry[..colon];
                portText = colon < 0 ? "" : entry[(colon + 1)..];
                if (name.Contains(':'))
                {
                    error = "has an IPv6 host that is not in brackets (write it as [::1]:5432).";
                    return false;
                }
            }
            if (!TryDecode(name, out name) || name.Length == 0)
            {
                error = "has no host name.";
                return false;
            }
            var port = PostgresHost.DefaultPort;
            if (portText.Length > 0 && (!int.TryParse(portText, out port) || port is < 1 or > 65535 || !portText.All(char.IsAsciiDigit)))
            {
                error = $"has a port that is not a number between 1 and 65535 (\"{Truncate(portText)}\").";
                return false;
            }
            parsed.Add(new PostgresHost(name, port));
        }
        return true;
    }

    private static bool TryDecode(string text, out string decoded)
    {
        decoded = text;
        if (!text.Contains('%'))
        {
            return true;
        }
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%')
            {
                if (i + 2 >= text.Length || !byte.TryParse(text.AsSpan(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var value))
                {
                    return false;
                }
                bytes.Add(value);
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }
        decoded = Encoding.UTF8.GetString(bytes.ToArray());
        return true;
    }

    private static string Truncate(string text) => text.Length <= 20 ? text : text[..20] + "…";

    /// <summary>
    /// Masks whatever looks like a password in a string that could not be parsed as a URL, so that the
    /// error can still show the operator what they set.
    /// </summary>
    public static string MaskUnparsed(string text)
    {
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var start = schemeEnd < 0 ? 0 : schemeEnd + 3;
        var at = text.LastIndexOf('@');
        var masked = text;
        if (at > start)
        {
            var colon = text.IndexOf(':', start);
            masked = colon >= 0 && colon < at
                ? text[..(colon + 1)] + SecretString.Mask + text[at..]
                : text;
        }
        var passwordParameter = masked.IndexOf("password=", StringComparison.OrdinalIgnoreCase);
        if (passwordParameter >= 0)
        {
            var valueStart = passwordParameter + "password=".Length;
            var valueEnd = masked.IndexOf('&', valueStart);
            masked = masked[..valueStart] + SecretString.Mask + (valueEnd < 0 ? "" : masked[valueEnd..]);
        }
        return masked;
    }
}
