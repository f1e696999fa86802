namespace PromscaleLauncher.Logging.Promscale;

/// <summary>
/// Any stream that is not a pipe (a file, a test's memory stream): blocking reads, and no way to know whether more
/// input is waiting, so the pump flushes after every read. Cancellation is seen between reads only.
/// </summary>
internal sealed class StreamOutputReader(Stream source) : PromscaleOutputReader
{
    public override bool HasInput() => false;

    public override void WaitForInput(CancellationToken cancellationToken) => cancellationToken.ThrowIfCancellationRequested();

    public override int Read(Span<byte> buffer) => source.Read(buffer);
}
