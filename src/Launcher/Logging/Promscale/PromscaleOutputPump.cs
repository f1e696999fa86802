using System.Text;
using PromscaleLauncher.Logging.Formatting;
using Serilog;
using Serilog.Events;

namespace PromscaleLauncher.Logging.Promscale;

/// <summary>
/// Reads one of Promscale's output streams line by line and forwards every line: redact, parse, write the
/// Serilog event, then tell the observer. Use one pump per stream, e.g. with CliWrap:
/// <c>PipeTarget.Create((stream, ct) =&gt; pump.PumpAsync(stream, ct))</c>.
/// </summary>
/// <remarks>
/// <para>Backpressure, never loss (conventions §4): there is no queue between reading and writing. A line is
/// written synchronously before the next read, so a slow sink stops the reads, the pipe fills, and Promscale
/// blocks in its next write. Memory is bounded: a 64 KiB read buffer and a line buffer of
/// 2 × <see cref="MaxLinePartChars"/> chars.</para>
/// <para>Each pump reads on a thread of its own with blocking reads (<see cref="PromscaleOutputReader"/>), and
/// holds the output's flushes (<see cref="ILogOutputBatching"/>) from the first read until the pipe is drained
/// (nothing more to read at once): a busy Promscale costs one write per full output buffer, a quiet one gets
/// every line out as soon as it was read, never held while the pump waits for more. The output is shared: while
/// one pump is busy, the other pump's lines and the launcher's own events go out with its writes (at the latest
/// when the output buffer fills).</para>
/// <para>Lines end at <c>\n</c>; a <c>\r</c> before it is dropped. A last line without newline is forwarded
/// at end of stream, and on cancellation or a read error before the exception propagates. Invalid UTF-8
/// becomes U+FFFD. A line longer than <see cref="MaxLinePartChars"/> chars is forwarded in parts of at most
/// that size, in order, each verbatim (no parsing) with <c>LinePart</c>=1,2,… and <c>LineContinues</c>=true on
/// all but the last, at the level its first part announced; cuts never split a known secret
/// (<see cref="SecretRedactor.FindSafeSplit"/>). Event timestamps are the time the chunk holding the line was
/// read (see <see cref="PromscaleLogEventFactory"/>). Cancellation is seen before every read and wakes a pump
/// waiting for input on a pipe (a blocking read of any other stream ends first).</para>
/// </remarks>
internal sealed class PromscaleOutputPump
{
    /// <summary>The longest line forwarded as one event; longer lines are split into parts of at most this many chars.</summary>
    public const int MaxLinePartChars = 64 * 1024;

    private const int ReadBufferBytes = 64 * 1024;

    private readonly PromscaleOutputStream _stream;
    private readonly SecretRedactor _redactor;
    private readonly ILogger _logger;
    private readonly IPromscaleLineObserver? _observer;
    private readonly TimeProvider _timeProvider;
    private readonly ILogOutputBatching? _outputBatching;
    private readonly PromscaleLineParser _parser = new();
    private readonly PromscaleLogEventFactory _events = new();
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
    private readonly char[] _chars = new char[2 * MaxLinePartChars];

    private int _charCount;
    private int _linePart;
    private LogEventLevel _splitLineLevel;
    private DateTimeOffset _readAt;
    private int _pumping;

    /// <param name="stream">Which of Promscale's streams this pump reads (the <c>Stream</c> property).</param>
    /// <param name="redactor">Masks secrets before anything else sees a line.</param>
    /// <param name="logger">Where events go; written synchronously (backpressure).</param>
    /// <param name="observer">Sees every line after it was written (readiness, failure diagnosis).</param>
    /// <param name="timeProvider">Read-time stamps; <see cref="TimeProvider.System"/> by default.</param>
    /// <param name="outputBatching">The output to hold flushes for while more input is waiting
    /// (<see cref="BufferedStreamSink"/>): one flush each time the pipe is drained, not one per line.</param>
    public PromscaleOutputPump(PromscaleOutputStream stream, SecretRedactor redactor, ILogger logger,
        IPromscaleLineObserver? observer = null, TimeProvider? timeProvider = null, ILogOutputBatching? outputBatching = null)
    {
        ArgumentNullException.ThrowIfNull(redactor);
        ArgumentNullException.ThrowIfNull(logger);
        _stream = stream;
        _redactor = redactor;
        _logger = logger;
        _observer = observer;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _outputBatching = outputBatching;
    }

    /// <summary>True when the last pump stopped after the writer's exit while the stream was still open.</summary>
    public bool StoppedBeforeEndOfStream { get; private set; }

    /// <summary>
    /// Forwards every line of <paramref name="source"/> until its end (or cancellation), reading on a thread of its
    /// own. Not reentrant.
    /// </summary>
    public Task PumpAsync(Stream source, CancellationToken cancellationToken) => PumpAsync(source, cancellationToken, CancellationToken.None, TimeSpan.Zero);

    /// <summary>
    /// Forwards every line of <paramref name="source"/> until its end (or cancellation); once
    /// <paramref name="writerExited"/> is cancelled, forwards only what is already waiting in the pipe, for at
    /// most <paramref name="drainLimit"/>, and then ends as at end of stream. The writer's exit ends the pump even
    /// when a process it left behind still holds the pipe open (docs/shutdown.md). Not reentrant.
    /// </summary>
    public Task PumpAsync(Stream source, CancellationToken cancellationToken, CancellationToken writerExited, TimeSpan drainLimit)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (Interlocked.Exchange(ref _pumping, 1) != 0)
        {
            throw new InvalidOperationException("This pump is already reading a stream.");
        }

        // Completes as an async method would: canceled on cancellation, faulted on any other exception.
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Pump(source, cancellationToken, writerExited, drainLimit);
                completion.SetResult();
            }
            catch (OperationCanceledException canceled)
            {
                completion.SetCanceled(canceled.CancellationToken);
            }
            catch (Exception exception)
            {
                completion.SetException(exception);
            }
            finally
            {
                Volatile.Write(ref _pumping, 0);
            }
        })
        {
            IsBackground = true,
            Name = _stream == PromscaleOutputStream.Stdout ? "Promscale stdout" : "Promscale stderr",
        };
        try
        {
            thread.Start();
        }
        catch
        {
            Volatile.Write(ref _pumping, 0);
            throw;
        }

        return completion.Task;
    }

    // Blocking reads on the pump's own thread: an async read per chunk costs a wake-up and a thread-pool hop,
    // which is most of the cost of a line when the child writes one line per write(2). The output is flushed
    // only once nothing more is waiting to be read, so a busy child costs one write(2) per sink buffer while a
    // quiet child's line goes out at once.
    private void Pump(Stream source, CancellationToken cancellationToken, CancellationToken writerExited, TimeSpan drainLimit)
    {
        var bytes = new byte[ReadBufferBytes];
        _decoder.Reset();
        _charCount = 0;
        _linePart = 0;
        StoppedBeforeEndOfStream = false;
        // The reader's wait wakes up for either token: cancellation, or the writer's exit.
        using var wakeUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, writerExited);
        using var reader = PromscaleOutputReader.For(source, wakeUp.Token);
        var batchOpen = false;
        long? drainStarted = null;
        try
        {
            while (true)
            {
                bool drained;
                try
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (drainStarted is null && writerExited.IsCancellationRequested)
                    {
                        drainStarted = _timeProvider.GetTimestamp();
                    }
                    if (drainStarted is { } started
                        && (_timeProvider.GetElapsedTime(started) >= drainLimit || !reader.HasInput()))
                    {
                        // The writer has exited: what it wrote is all in the pipe, and whoever else holds the
                        // pipe open is not Promscale.
                        StoppedBeforeEndOfStream = true;
                        break;
                    }
                    drained = batchOpen && !reader.HasInput();
                }
                catch (Exception)
                {
                    ForwardEndOfInput();
                    throw;
                }

                if (drained)
                {
                    // Flush before waiting: no line waits for more input.
                    batchOpen = false;
                    _outputBatching?.EndBatch();
                }

                int read;
                try
                {
                    if (!batchOpen && drainStarted is null)
                    {
                        try
                        {
                            reader.WaitForInput(wakeUp.Token);
                        }
                        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                        {
                            // The writer exited while the pump waited: drain from the top of the loop.
                            continue;
                        }
                        catch (OperationCanceledException)
                        {
                            // Cancelled through the linked token: report the caller's.
                            cancellationToken.ThrowIfCancellationRequested();
                            throw;
                        }
                    }

                    read = reader.Read(bytes);
                }
                catch (Exception)
                {
                    ForwardEndOfInput();
                    throw;
                }

                if (read == 0)
                {
                    break;
                }

                _readAt = _timeProvider.GetUtcNow();
                if (!batchOpen)
                {
                    batchOpen = true;
                    _outputBatching?.BeginBatch();
                }

                Decode(bytes.AsSpan(0, read), flush: false);
            }

            ForwardEndOfInput();
        }
        finally
        {
            if (batchOpen)
            {
                _outputBatching?.EndBatch();
            }
        }
    }

    private void ForwardEndOfInput()
    {
        _readAt = _timeProvider.GetUtcNow();
        Decode([], flush: true);
        if (_charCount > 0 || _linePart > 0)
        {
            var line = _chars.AsSpan(0, _charCount);
            _charCount = 0;
            ForwardLine(line.EndsWith('\r') ? line[..^1] : line);
        }
    }

    private void Decode(ReadOnlySpan<byte> input, bool flush)
    {
        bool completed;
        do
        {
            _decoder.Convert(input, _chars.AsSpan(_charCount), flush, out var bytesUsed, out var charsUsed, out completed);
            input = input[bytesUsed..];
            var scanFrom = _charCount;
            _charCount += charsUsed;
            ForwardCompleteLines(scanFrom);
        }
        while (!input.IsEmpty || (flush && !completed));
    }

    // Forwards every line ended in [0, _charCount), then parts of a too long unfinished line, and keeps
    // the rest (at most MaxLinePartChars) at the start of the buffer.
    private void ForwardCompleteLines(int scanFrom)
    {
        var lineStart = 0;
        while (scanFrom < _charCount)
        {
            var found = _chars.AsSpan(scanFrom, _charCount - scanFrom).IndexOf('\n');
            if (found < 0)
            {
                break;
            }

            var newline = scanFrom + found;
            var line = _chars.AsSpan(lineStart, newline - lineStart);
            ForwardLine(line.EndsWith('\r') ? line[..^1] : line);
            lineStart = scanFrom = newline + 1;
        }

        // Only cut once more than a part is buffered: FindSafeSplit needs to see past the window to hold back.
        while (_charCount - lineStart > MaxLinePartChars)
        {
            var unfinished = _chars.AsSpan(lineStart, _charCount - lineStart);
            var split = _redactor.FindSafeSplit(unfinished, MaxLinePartChars);
            ForwardPart(unfinished[..split], continues: true);
            lineStart += split;
        }

        if (lineStart > 0)
        {
            _chars.AsSpan(lineStart, _charCount - lineStart).CopyTo(_chars);
            _charCount -= lineStart;
        }
    }

    private void ForwardLine(ReadOnlySpan<char> line)
    {
        while (line.Length > MaxLinePartChars)
        {
            var split = _redactor.FindSafeSplit(line, MaxLinePartChars);
            ForwardPart(line[..split], continues: true);
            line = line[split..];
        }

        if (_linePart > 0)
        {
            ForwardPart(line, continues: false);
            return;
        }

        var parsed = _redactor.TryRedact(line, out var redacted)
            ? _parser.Parse(redacted, redacted, _stream, _readAt)
            : _parser.Parse(line, null, _stream, _readAt);
        Emit(parsed);
    }

    private void ForwardPart(ReadOnlySpan<char> part, bool continues)
    {
        if (_linePart == 0)
        {
            _splitLineLevel = PromscaleLineParser.LevelOfFirstPart(part);
        }

        _linePart++;
        var text = _redactor.TryRedact(part, out var redacted) ? redacted : part.ToString();
        Emit(PromscaleLineParser.CreateLinePart(text, _stream, _readAt, _splitLineLevel, _linePart, continues));
        if (!continues)
        {
            _linePart = 0;
        }
    }

    private void Emit(PromscaleLogLine line)
    {
        if (_logger.IsEnabled(line.Level))
        {
            _logger.Write(_events.Create(line));
        }

        _observer?.OnLine(line);
    }
}
