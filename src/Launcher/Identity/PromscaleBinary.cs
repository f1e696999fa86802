namespace PromscaleLauncher.Identity;

/// <summary>The Promscale executable the launcher will run, and where it was found.</summary>
internal sealed record PromscaleBinary(string Path, string FoundBy);
