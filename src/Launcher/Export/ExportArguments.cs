namespace PromscaleLauncher.Export;

/// <summary>`export`'s command line as given, before ExportCommand checks it.</summary>
internal sealed record ExportArguments(
    string Target,
    string? Start,
    string? End,
    IReadOnlyList<string> Metrics,
    string? Window,
    int? BatchSamples,
    int? Concurrency,
    bool DryRun,
    bool Resume,
    bool Verify);
