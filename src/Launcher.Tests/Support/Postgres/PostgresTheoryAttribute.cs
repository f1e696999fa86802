namespace PromscaleLauncher.Tests.Support.Postgres;

/// <summary>The [Theory] counterpart of <see cref="PostgresFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresTheoryAttribute(PostgresVersion version) : TheoryAttribute
{
    public PostgresVersion Version { get; } = version;

    public override string? Skip
    {
        get => base.Skip ?? PostgresAvailability.SkipReason(Version);
        set => base.Skip = value;
    }
}
