using PromscaleLauncher.Tests.Support.Postgres;

namespace PromscaleLauncher.Tests.Support.Processes;

/// <summary>Scalingo-like environments for the launcher process, pointing at a test cluster.</summary>
public static class LauncherEnvironment
{
    public const string WebUser = "prometheus";
    public const string WebPassword = "web-Pa55-d0nt-print-me";

    static LauncherEnvironment() => SecretRegistry.Register(WebPassword);

    /// <summary>The faithful fake Promscale, built next to the tests.</summary>
    public static string FakePromscalePath => Path.Combine(AppContext.BaseDirectory, "fake-promscale");

    /// <summary>
    /// Promscale 0.10.0 on plain PostgreSQL, for tests about something else than TimescaleDB: 0.10.0's first migration fails
    /// on the TimescaleDB the test servers offer (≥ 2.14, docs/promscale.md §10.1) unless the launcher's first install runs
    /// (docs/first-install.md), and on 17 the SQL-only stand-in cannot show a preloaded library. With TimescaleDB not created
    /// and extensions off, Promscale runs without it, as it does on a server without TimescaleDB.
    /// </summary>
    public static readonly (string Name, string Value) WithoutTimescaleDb = ("PROMSCALE_STARTUP_INSTALL_EXTENSIONS", "false");

    /// <summary>
    /// The environment of a launcher on <paramref name="cluster"/>, logging JSON: tests read its events by id and
    /// property (<see cref="JsonEvents"/>), not its wording; a test of the text format overrides
    /// PROMSCALE_LAUNCHER_LOG_FORMAT.
    /// </summary>
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
            ["PROMSCALE_BIN"] = FakePromscalePath,
            ["PROMSCALE_LAUNCHER_LOG_FORMAT"] = "json",
        };
        foreach (var (name, value) in overrides)
        {
            environment[name] = value;
        }
        // The fake answers -version with the profile it emulates.
        environment.TryAdd("FAKE_PROMSCALE_VERSION", environment.GetValueOrDefault("PROMSCALE_VERSION", "0.10.0"));
        return environment;
    }
}
