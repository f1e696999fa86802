namespace PromscaleLauncher.Export;

/// <summary>
/// `export`'s validated options. <see cref="Start"/> null: from each metric's first sample. <see cref="Metrics"/> empty:
/// every metric.
/// </summary>
internal sealed record ExportOptions(
    ExportTarget Target,
    DateTimeOffset? Start,
    DateTimeOffset End,
    IReadOnlyList<string> Metrics,
    TimeSpan Window,
    int BatchSamples,
    int Concurrency,
    bool DryRun,
    bool Resume,
    bool Verify)
{
    /// <summary>
    /// vmagent's block size (-remoteWrite.maxRowsPerBlock=10000): every receiver takes it. Each request also stays under
    /// <see cref="MaxRequestBytes"/>, so the body is far below VictoriaMetrics' -maxInsertRequestSize (32 MB), Mimir's
    /// 100 MB and Scalingo's 75 MB router limit whatever the labels' size, and a request's memory stays small.
    /// </summary>
    public const int DefaultBatchSamples = 10_000;

    /// <summary>The uncompressed protobuf size at which a request is sent before reaching <see cref="BatchSamples"/>.</summary>
    public const int MaxRequestBytes = 8 * 1024 * 1024;

    /// <summary>Two windows at a time: the database reads one while the receiver ingests the other.</summary>
    public const int DefaultConcurrency = 2;

    public const int MaxConcurrency = 16;

    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(1);
}
