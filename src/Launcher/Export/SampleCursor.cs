namespace PromscaleLauncher.Export;

/// <summary>The last acknowledged sample of a window, in the reader's (series_id, time) order: a resumed window continues after it.</summary>
internal readonly record struct SampleCursor(long SeriesId, DateTime Time);
