namespace PromscaleLauncher.FakePromscale.Flags;

/// <summary>One leaf of <c>config.yml</c>: its dotted key, its scalar values, and whether it sat under a nested mapping.</summary>
internal sealed record ConfigFileEntry(string Key, IReadOnlyList<string> Values, bool FromNestedMapping);
