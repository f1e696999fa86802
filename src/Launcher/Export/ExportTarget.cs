using PromscaleLauncher.Configuration;

namespace PromscaleLauncher.Export;

/// <summary>
/// The receiver's remote-write URL and its credentials. <see cref="Identity"/> (the URL, never with credentials) keys
/// the progress rows and is what the log names (without the query string, which may hold a token); <see cref="QueryBase"/> is where --verify asks the Prometheus query API.
/// </summary>
internal sealed record ExportTarget(Uri Url, string Identity, ReceiverCredentials Credentials)
{
    /// <summary>
    /// The receiver's HTTP API root: the write URL without its remote-write path (/api/v1/write for Prometheus and
    /// VictoriaMetrics, /api/v1/push for Mimir and Cortex, /api/v1/receive for Thanos, /write for Promscale itself).
    /// </summary>
    public Uri QueryBase
    {
        get
        {
            var path = Url.AbsolutePath.TrimEnd('/');
            foreach (var suffix in new[] { "/api/v1/write", "/api/v1/push", "/api/v1/receive", "/write", "/api/v1/import/prometheus" })
            {
                if (path.EndsWith(suffix, StringComparison.Ordinal))
                {
                    path = path[..^suffix.Length];
                    break;
                }
            }
            return new UriBuilder(Url.Scheme, Url.Host, Url.Port, path + "/").Uri;
        }
    }

    public static bool TryParse(string text, IReadOnlyDictionary<string, string> environment, out ExportTarget? target, out string problem, out string fix)
    {
        target = null;
        fix = "give the receiver's remote-write URL, e.g. --target https://victoria.example.com/api/v1/write or --target http://prometheus:9090/api/v1/write";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || string.IsNullOrEmpty(url.Host))
        {
            // The text may hold credentials: not repeated.
            problem = "is not an http:// or https:// URL.";
            return false;
        }
        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            problem = "carries credentials in the URL; they would appear in the process list and in logs.";
            fix = $"remove them from the URL and set {EnvironmentVariableNames.ExportUsername} and {EnvironmentVariableNames.ExportPassword} (basic auth) or {EnvironmentVariableNames.ExportBearerToken} instead";
            return false;
        }
        if (!ReceiverCredentials.TryRead(environment, out var credentials, out problem, out fix))
        {
            return false;
        }
        // Without the query string: a receiver may take a token there (it is logged and stored in progress rows).
        var identity = url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        target = new ExportTarget(url, identity, credentials!);
        return true;
    }
}
