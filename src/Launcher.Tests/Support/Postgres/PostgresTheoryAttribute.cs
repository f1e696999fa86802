namespace PromscaleLauncher.Tests.Support.Postgres;

/// <summary>The [Theory] counterpart of <see cref="PostgresFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresTheoryAttribute(PostgresVersion version) : TheoryAttribute
{
    public PostgresVersion Version { get; } = version;

    // Only a missing installation skips, and never under CI (SkipReason is then null): no other skip is honoured.
    public override string? Skip => PostgresAvailability.SkipReason(Version);
}
