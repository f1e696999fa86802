namespace PromscaleLauncher.FakePromscale.Versions;

/// <summary>A half-open version range as in <c>pkg/version/version.go</c> (docs/promscale.md §3.3).</summary>
internal sealed record VersionRange(SemanticVersion Minimum, SemanticVersion MaximumExclusive)
{
    /// <summary>The text Promscale prints: <c>&gt;=2.6.1 &lt;2.99.0</c>.</summary>
    public string Text => $">={Minimum} <{MaximumExclusive}";

    public bool Contains(SemanticVersion version) => version >= Minimum && version < MaximumExclusive;

    public static VersionRange Of(string minimum, string maximumExclusive)
    {
        if (!SemanticVersion.TryParse(minimum, out var min) || !SemanticVersion.TryParse(maximumExclusive, out var max))
        {
            throw new ArgumentException($"bad range {minimum} {maximumExclusive}");
        }

        return new VersionRange(min, max);
    }
}
