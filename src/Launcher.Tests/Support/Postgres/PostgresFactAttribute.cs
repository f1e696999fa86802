namespace PromscaleLauncher.Tests.Support.Postgres;

/// <summary>
/// A [Fact] that is skipped when PostgreSQL <c>version</c> is not installed, except under CI
/// (xunit 2 has no skipping from inside a test, so the decision is made at discovery).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresFactAttribute(PostgresVersion version) : FactAttribute
{
    public PostgresVersion Version { get; } = version;

    // Only a missing installation skips, and never under CI (SkipReason is then null): no other skip is honoured.
    public override string? Skip => PostgresAvailability.SkipReason(Version);
}
