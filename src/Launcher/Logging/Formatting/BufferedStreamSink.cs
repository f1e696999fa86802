using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace PromscaleLauncher.Logging.Formatting;

/// <summary>
/// Writes formatted events to a stream (the launcher's stdout) through a 64 KiB buffer, flushing after every
/// event unless a batch is open (<see cref="ILogOutputBatching"/>), and when the last open batch ends.
/// </summary>
/// <remarks>
/// Why not Serilog's console sink: it flushes (one <c>write</c> syscall) per event, which caps a burst of
/// Promscale lines at ~5 µs each. Here the pump holds a batch open while more of the child's output is waiting
/// to be read, so a busy child costs one write per 64 KiB while a quiet one still gets every line out at once.
/// Never drops: formatting and writing happen under one lock on the calling thread, so a stdout that does not
/// drain blocks the writers (and so the pump, and so Promscale) instead of growing a queue (conventions §4).
/// Thread-safe.
/// </remarks>
internal sealed class BufferedStreamSink : ILogEventSink, ILogOutputBatching, IDisposable
{
    private const int BufferChars = 64 * 1024;

    private readonly Lock _lock = new();
    private readonly ITextFormatter _formatter;
    private readonly StreamWriter _writer;
    private int _openBatches;
    private bool _unflushed;
    private bool _disposed;

    public BufferedStreamSink(Stream output, ITextFormatter formatter)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(formatter);
        _formatter = formatter;
        _writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), BufferChars) { AutoFlush = false };
    }

    public void Emit(LogEvent logEvent)
    {
        lock (_lock)
        {
            _formatter.Format(logEvent, _writer);
            if (_openBatches == 0 || _disposed)
            {
                _writer.Flush();
            }
            else
            {
                _unflushed = true;
            }
        }
    }

    public void BeginBatch()
    {
        lock (_lock)
        {
            _openBatches++;
        }
    }

    public void EndBatch()
    {
        lock (_lock)
        {
            if (_openBatches > 0 && --_openBatches == 0 && _unflushed)
            {
                _unflushed = false;
                _writer.Flush();
            }
        }
    }

    public void Flush()
    {
        lock (_lock)
        {
            _unflushed = false;
            _writer.Flush();
        }
    }

    /// <summary>
    /// Flushes, and from now on flushes after every event (a late event is still written, not dropped). The
    /// stream itself is left open: it is the process's stdout.
    /// </summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _writer.Flush();
        }
    }
}
