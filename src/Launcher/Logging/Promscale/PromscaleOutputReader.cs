using System.IO.Pipes;

namespace PromscaleLauncher.Logging.Promscale;

/// <summary>
/// How the pump reads one of Promscale's streams on its own thread: blocking reads, plus whether more input is
/// already waiting, so that the pump flushes its output only once the input is drained.
/// </summary>
internal abstract class PromscaleOutputReader : IDisposable
{
    /// <summary>A pipe (what CliWrap hands over) is polled; any other stream is read as is.</summary>
    public static PromscaleOutputReader For(Stream source, CancellationToken cancellationToken) =>
        source is PipeStream pipe && OperatingSystem.IsLinux()
            ? new PipeOutputReader(pipe, cancellationToken)
            : new StreamOutputReader(source);

    /// <summary>True when a <see cref="Read"/> would return at once (input or end of stream); false when unknown.</summary>
    public abstract bool HasInput();

    /// <summary>Blocks until a <see cref="Read"/> would return at once, or throws on cancellation.</summary>
    public abstract void WaitForInput(CancellationToken cancellationToken);

    /// <summary>Reads what is there, blocking until some input arrives; 0 at the end of the stream.</summary>
    public abstract int Read(Span<byte> buffer);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
