namespace PromscaleLauncher.Tests.Support.Postgres;

/// <summary>
/// A [Fact] that is skipped when PostgreSQL <c>version</c> is not installed, except under CI
/// (xunit 2 has no skipping from inside a test, so the decision is made at discovery).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresFactAttribute(PostgresVersion version) : FactAttribute
{
    public PostgresVersion Version { get; } = version;

    public override string? Skip
    {
        get => base.Skip ?? PostgresAvailability.SkipReason(Version);
        set => base.Skip = value;
    }
}
