namespace PromscaleLauncher.Export;

/// <summary>Totals shared by the concurrent windows, for the progress events and the summaries.</summary>
internal sealed class ExportCounters(int windowsTotal)
{
    private long _samples;
    private int _windowsDone;
    private readonly Dictionary<string, MetricTotals> _metrics = new(StringComparer.Ordinal);

    public int WindowsTotal { get; } = windowsTotal;

    public long Samples => Interlocked.Read(ref _samples);

    public int WindowsDone => Volatile.Read(ref _windowsDone);

    public void AddSamples(string metric, int samples, int series, int unlabelled)
    {
        Interlocked.Add(ref _samples, samples);
        lock (_metrics)
        {
            var totals = Totals(metric);
            totals.Samples += samples;
            totals.Series += series;
            totals.Unlabelled += unlabelled;
        }
    }

    public void WindowDone(string metric, bool skipped)
    {
        if (!skipped)
        {
            Interlocked.Increment(ref _windowsDone);
        }
        lock (_metrics)
        {
            var totals = Totals(metric);
            if (skipped)
            {
                totals.WindowsSkipped++;
            }
            else
            {
                totals.WindowsSent++;
            }
        }
    }

    public IReadOnlyList<(string Metric, MetricTotals Totals)> ByMetric()
    {
        lock (_metrics)
        {
            return _metrics.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => (pair.Key, pair.Value)).ToList();
        }
    }

    private MetricTotals Totals(string metric)
    {
        if (!_metrics.TryGetValue(metric, out var totals))
        {
            _metrics[metric] = totals = new MetricTotals();
        }
        return totals;
    }

    internal sealed class MetricTotals
    {
        public long Samples { get; set; }

        /// <summary>Series per request, summed: a series that spans several requests or windows counts in each.</summary>
        public long Series { get; set; }

        public long Unlabelled { get; set; }

        public int WindowsSent { get; set; }

        public int WindowsSkipped { get; set; }
    }
}
