using PromscaleLauncher.Logging.Formatting;

namespace PromscaleLauncher.Tests.Logging.Support;

/// <summary>Counts the batches a pump opens and ends.</summary>
internal sealed class CountingBatching : ILogOutputBatching
{
    private int _begun;
    private int _ended;

    public int Begun => Volatile.Read(ref _begun);

    public int Ended => Volatile.Read(ref _ended);

    public void BeginBatch() => Interlocked.Increment(ref _begun);

    public void EndBatch() => Interlocked.Increment(ref _ended);
}
