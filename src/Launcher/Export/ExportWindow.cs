namespace PromscaleLauncher.Export;

/// <summary>One metric's samples with <see cref="Start"/> ≤ time &lt; <see cref="End"/>: the unit of sending, progress and verification.</summary>
internal sealed record ExportWindow(ExportMetric Metric, DateTimeOffset Start, DateTimeOffset End)
{
    public string StartText => ExportTimeParser.Format(Start);

    public string EndText => ExportTimeParser.Format(End);
}
