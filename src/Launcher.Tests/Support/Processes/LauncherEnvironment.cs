using PromscaleLauncher.Tests.Support.Postgres;

namespace PromscaleLauncher.Tests.Support.Processes;

/// <summary>Scalingo-like environments for the launcher process, pointing at a test cluster.</summary>
public static class LauncherEnvironment
{
    public const string WebUser = "prometheus";
    public const string WebPassword = "web-Pa55-d0nt-print-me";

    static LauncherEnvironment() => SecretRegistry.Register(WebPassword);

    public static Dictionary<string, string> For(PostgresCluster cluster, string role, string database, string query = "sslmode=disable", params (string Name, string Value)[] overrides)
    {
        SecretRegistry.Register(cluster.AllPasswords);
        var environment = new Dictionary<string, string>
        {
            ["SCALINGO_POSTGRESQL_URL"] = cluster.UrlFor(role, database, query),
            ["PROMSCALE_WEB_AUTH_USERNAME"] = WebUser,
            ["PROMSCALE_WEB_AUTH_PASSWORD"] = WebPassword,
            ["PORT"] = "9201",
            ["PROMSCALE_LAUNCHER_ALLOW_INSECURE_DB"] = "true",
            ["PROMSCALE_LAUNCHER_DB_WAIT"] = "5",
        };
        foreach (var (name, value) in overrides)
        {
            environment[name] = value;
        }
        return environment;
    }
}
