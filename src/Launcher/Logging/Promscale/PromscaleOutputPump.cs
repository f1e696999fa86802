using System.Text;
using Serilog;
using Serilog.Events;

namespace PromscaleLauncher.Logging.Promscale;

/// <summary>
/// Reads one of Promscale's output streams line by line and forwards every line: redact, parse, write the
/// Serilog event, then tell the observer. One pump per stream; any <see cref="Stream"/> will do.
/// </summary>
/// <remarks>
/// <para>Backpressure, never loss (conventions §4): there is no queue between reading and writing. The lines of
/// a read are written synchronously before the next read, so a slow log output stops the reads, the pipe fills,
/// and Promscale blocks in its next write. Memory is bounded: a 64 KiB read buffer and a line buffer of
/// 2 × <see cref="MaxLinePartChars"/> chars.</para>
/// <para>Lines end at <c>\n</c>; a <c>\r</c> before it is dropped. A last line without newline is forwarded
/// at end of stream, and on cancellation or a read error before the exception propagates. Invalid UTF-8
/// becomes U+FFFD. A line longer than <see cref="MaxLinePartChars"/> chars is forwarded in parts of at most
/// that size, in order, each verbatim (no parsing) with <c>LinePart</c>=1,2,… and <c>LineContinues</c>=true on
/// all but the last, at the level its first part announced; cuts never split a known secret
/// (<see cref="SecretRedactor.FindSafeSplit"/>). Event timestamps are the time the chunk holding the line was
/// read (see <see cref="PromscaleLogEventFactory"/>).</para>
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
    /// <param name="timeProvider">Read-time stamps and the drain limit; <see cref="TimeProvider.System"/> by default.</param>
    public PromscaleOutputPump(PromscaleOutputStream stream, SecretRedactor redactor, ILogger logger,
        IPromscaleLineObserver? observer = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(redactor);
        ArgumentNullException.ThrowIfNull(logger);
        _stream = stream;
        _redactor = redactor;
        _logger = logger;
        _observer = observer;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>True when the last pump stopped after the writer's exit while the stream was still open.</summary>
    public bool StoppedBeforeEndOfStream { get; private set; }

    /// <summary>Forwards every line of <paramref name="source"/> until its end (or cancellation). Not reentrant.</summary>
    public Task PumpAsync(Stream source, CancellationToken cancellationToken) =>
        PumpAsync(source, cancellationToken, CancellationToken.None, Timeout.InfiniteTimeSpan);

    /// <summary>
    /// Forwards every line of <paramref name="source"/> until its end (or cancellation); once
    /// <paramref name="writerExited"/> is cancelled, reads on for at most <paramref name="drainLimit"/> and then
    /// ends as at end of stream. The writer's exit ends the pump even when a process it left behind still holds
    /// the pipe open (docs/shutdown.md): what the writer wrote is all in the pipe when it exits, so an end of file
    /// that has not come within the limit is held back by someone else. Not reentrant.
    /// </summary>
    public async Task PumpAsync(Stream source, CancellationToken cancellationToken, CancellationToken writerExited, TimeSpan drainLimit)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (Interlocked.Exchange(ref _pumping, 1) != 0)
        {
            throw new InvalidOperationException("This pump is already reading a stream.");
        }

        // Cancelled drainLimit after the writer's exit; a read ends on either token even if the stream ignores them.
        using var drainOver = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _timeProvider);
        using var onWriterExit = writerExited.UnsafeRegister(static (state, _) =>
        {
            var (drain, limit) = ((CancellationTokenSource, TimeSpan))state!;
            try
            {
                drain.CancelAfter(limit);
            }
            catch (ObjectDisposedException)
            {
                // The pump has already ended.
            }
        }, (drainOver, drainLimit));
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, drainOver.Token);
        var bytes = new byte[ReadBufferBytes];
        _decoder.Reset();
        _charCount = 0;
        _linePart = 0;
        StoppedBeforeEndOfStream = false;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int read;
                try
                {
                    drainOver.Token.ThrowIfCancellationRequested();
                    var reading = source.ReadAsync(bytes, stopReading.Token);
                    read = reading.IsCompletedSuccessfully ? reading.Result : await reading.AsTask().WaitAsync(stopReading.Token);
                }
                catch (OperationCanceledException) when (drainOver.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    StoppedBeforeEndOfStream = true;
                    break;
                }

                if (read == 0)
                {
                    break;
                }

                _readAt = _timeProvider.GetUtcNow();
                Decode(bytes.AsSpan(0, read), flush: false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ForwardEndOfInput();
            // Reported with the caller's token, whichever token the read saw.
            throw new OperationCanceledException(cancellationToken);
        }
        catch
        {
            ForwardEndOfInput();
            throw;
        }
        finally
        {
            Volatile.Write(ref _pumping, 0);
        }

        ForwardEndOfInput();
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
