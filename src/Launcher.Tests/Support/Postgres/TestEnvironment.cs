namespace PromscaleLauncher.Tests.Support.Postgres;

public static class TestEnvironment
{
    /// <summary>
    /// True when the CI variable is set (CI runs with CI=true): a test that needs a missing server
    /// must then fail instead of being skipped, as Npgsql's IgnoreExceptOnBuildServer does.
    /// </summary>
    public static bool IsCI =>
        Environment.GetEnvironmentVariable("CI") is { Length: > 0 } value
        && !value.Equals("false", StringComparison.OrdinalIgnoreCase)
        && value != "0";

    /// <summary>Where .ci/install-test-deps put PostgreSQL 14 and 17.</summary>
    public static string PostgresCacheDirectory =>
        Environment.GetEnvironmentVariable("PROMSCALE_LAUNCHER_TEST_PG_CACHE") is { Length: > 0 } path
            ? path
            : "/var/cache/promscale-launcher-tests";
}
