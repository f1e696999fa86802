using System.Collections.Concurrent;

namespace PromscaleLauncher.Tests.Support.Postgres;

/// <summary>
/// Whether a PostgreSQL version can be started here. Locally a missing installation skips the
/// tests that need it (<see cref="PostgresFactAttribute"/>); under CI it never does: the test runs
/// and fails with a message naming .ci/install-test-deps.
/// </summary>
public static class PostgresAvailability
{
    private static readonly ConcurrentDictionary<PostgresVersion, string?> _problems = new();

    /// <summary>Null when the version can be started, else what is missing and how to install it.</summary>
    public static string? FindProblem(PostgresVersion version) =>
        _problems.GetOrAdd(version, v => PostgresInstallation.For(v).FindProblem());

    /// <summary>The reason to skip a test that needs this version, or null to run it (always null under CI).</summary>
    public static string? SkipReason(PostgresVersion version) =>
        TestEnvironment.IsCI ? null : FindProblem(version);

    /// <summary>Throws with the installation problem, if any.</summary>
    public static void Require(PostgresVersion version)
    {
        if (FindProblem(version) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
    }
}
