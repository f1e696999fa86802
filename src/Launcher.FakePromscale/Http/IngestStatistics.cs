namespace PromscaleLauncher.FakePromscale.Http;

/// <summary>Counters exposed on <c>/metrics</c>.</summary>
internal sealed class IngestStatistics
{
    private long _samples;
    private long _requests;

    public long Samples => Interlocked.Read(ref _samples);

    public long Requests => Interlocked.Read(ref _requests);

    public void Record(int samples)
    {
        Interlocked.Add(ref _samples, samples);
        Interlocked.Increment(ref _requests);
    }
}
