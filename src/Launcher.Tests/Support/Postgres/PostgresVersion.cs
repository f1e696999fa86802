namespace PromscaleLauncher.Tests.Support.Postgres;

/// <summary>The PostgreSQL major versions the tests can start (see .ci/install-test-deps).</summary>
public enum PostgresVersion
{
    V14 = 14,
    V15 = 15,
    V17 = 17,
}
