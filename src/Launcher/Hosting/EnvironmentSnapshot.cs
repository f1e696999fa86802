namespace PromscaleLauncher.Hosting;

/// <summary>The launcher's environment, read once at start: the settings and Promscale's environment come from it.</summary>
internal sealed record EnvironmentSnapshot(IReadOnlyDictionary<string, string> Variables);
