namespace PromscaleLauncher.Export;

/// <summary>A window's recorded progress: where its acknowledged samples end, how many, and whether all were sent.</summary>
internal sealed record WindowProgress(SampleCursor? Cursor, long Samples, bool Done);
