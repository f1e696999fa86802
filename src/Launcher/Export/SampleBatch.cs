using PromscaleLauncher.Export.Protocol;

namespace PromscaleLauncher.Export;

/// <summary>
/// The samples of one request, grouped by series as the reader returns them ((series_id, time) order: each series'
/// samples are contiguous and in time order, as the spec requires). Labels are filled in just before sending.
/// </summary>
internal sealed class SampleBatch
{
    // A sample costs ~20 bytes in the protobuf (two tagged fields and the message's length); a series' labels are
    // counted at a generous average until they are known.
    private const int SampleBytes = 20;
    private const int SeriesBytes = 512;

    private readonly List<(long SeriesId, TimeSeries Series)> _series = [];
    private long _currentSeries = -1;
    private TimeSeries? _current;

    public int Samples { get; private set; }

    public long EstimatedBytes { get; private set; }

    public SampleCursor? Last { get; private set; }

    public IReadOnlyList<(long SeriesId, TimeSeries Series)> Series => _series;

    public void Add(long seriesId, DateTime time, double value)
    {
        if (_current is null || seriesId != _currentSeries)
        {
            _current = new TimeSeries();
            _currentSeries = seriesId;
            _series.Add((seriesId, _current));
            EstimatedBytes += SeriesBytes;
        }
        // Promscale keeps Prometheus' millisecond timestamps (timestamptz has microseconds: exact).
        _current.Samples.Add(new Sample { Timestamp = (time.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond, Value = value });
        Samples++;
        EstimatedBytes += SampleBytes;
        Last = new SampleCursor(seriesId, time);
    }

    /// <summary>
    /// The request, and how many samples belong to series that have no row in the series table any more (deleted by
    /// Promscale's maintenance while their samples remain): without labels they cannot be sent.
    /// </summary>
    public (WriteRequest Request, int Unlabelled) ToWriteRequest(SeriesLabels labels)
    {
        var request = new WriteRequest();
        var unlabelled = 0;
        foreach (var (seriesId, series) in _series)
        {
            if (labels.TryGet(seriesId, out var set))
            {
                series.Labels.AddRange(set);
                request.Timeseries.Add(series);
            }
            else
            {
                unlabelled += series.Samples.Count;
            }
        }
        return (request, unlabelled);
    }

    public void Clear()
    {
        _series.Clear();
        _current = null;
        _currentSeries = -1;
        Samples = 0;
        EstimatedBytes = 0;
    }
}
