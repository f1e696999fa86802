using System.Globalization;
using PromscaleLauncher.FakePromscale.Flags;

namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>
/// <c>pgclient.Config.GetConnectionStr</c>: <c>db.uri</c> verbatim, else a URL built from the db.* flags with
/// <c>application_name</c>, <c>connect_timeout</c> and <c>sslmode</c> (docs/promscale.md §2.1).
/// </summary>
internal static class ConnectionString
{
    public static string For(PromscaleSettings settings)
    {
        if (settings.UsesDbUri)
        {
            return settings.DbUri;
        }

        // url.Values.Encode sorts the keys; url.UserPassword escapes user info like Go's net/url.
        var query = string.Join('&', new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["application_name"] = settings.DbApp,
            ["connect_timeout"] = Math.Round(settings.DbConnectionTimeout.TotalSeconds, MidpointRounding.ToEven).ToString(CultureInfo.InvariantCulture),
            ["sslmode"] = settings.DbSslMode,
        }.Select(pair => $"{QueryEscape(pair.Key)}={QueryEscape(pair.Value)}"));
        var host = settings.DbHost.Contains(':', StringComparison.Ordinal) ? $"[{settings.DbHost}]" : settings.DbHost;
        return $"postgresql://{UserInfoEscape(settings.DbUser)}:{UserInfoEscape(settings.DbPassword)}@{host}:{settings.DbPort}/{PathEscape(settings.DbName)}?{query}";
    }

    private static string QueryEscape(string text) => Uri.EscapeDataString(text).Replace("%20", "+", StringComparison.Ordinal);

    private static string UserInfoEscape(string text) => Uri.EscapeDataString(text);

    private static string PathEscape(string text) => Uri.EscapeDataString(text);
}
