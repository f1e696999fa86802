using System.IO.Pipes;
using System.Text;
using PromscaleLauncher.Logging.Promscale;
using PromscaleLauncher.Tests.Logging.Support;
using Serilog.Events;

namespace PromscaleLauncher.Tests.Logging;

public sealed class PromscaleOutputPumpTests
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(60);

    private static async Task<(IReadOnlyList<LogEvent> Events, IReadOnlyList<PromscaleLogLine> Lines)> PumpAsync(
        byte[] bytes, SecretRedactor? redactor = null, int chunkSize = int.MaxValue)
    {
        var sink = new CollectingSink();
        var observer = new CollectingObserver();
        using var logger = Loggers.WritingTo(sink);
        var pump = new PromscaleOutputPump(PromscaleOutputStream.Stderr, redactor ?? SecretRedactor.WithoutKnownSecrets, logger, observer);

        await pump.PumpAsync(new TrickleStream(bytes, chunkSize), CancellationToken.None).WaitAsync(_timeout);

        return (sink.Events, observer.Lines);
    }

    private static Task<(IReadOnlyList<LogEvent> Events, IReadOnlyList<PromscaleLogLine> Lines)> PumpAsync(string text, SecretRedactor? redactor = null, int chunkSize = int.MaxValue) =>
        PumpAsync(Encoding.UTF8.GetBytes(text), redactor, chunkSize);

    private static (AnonymousPipeServerStream Writer, AnonymousPipeClientStream Reader) CreatePipe()
    {
        var writer = new AnonymousPipeServerStream(PipeDirection.Out);
        var reader = new AnonymousPipeClientStream(PipeDirection.In, writer.ClientSafePipeHandle);
        return (writer, reader);
    }

    [Fact]
    public async Task Forwards_every_line_in_order_as_parsed_events()
    {
        var (events, lines) = await PumpAsync(string.Join('\n', PromscaleLines.AutomaxprocsLine, PromscaleLines.Version017,
            PromscaleLines.Started017, PromscaleLines.Aborting017) + "\n");

        Assert.Equal(
            [PromscaleLines.AutomaxprocsLine, "Version: 0.17.0, Commit Hash: 148f25dbabd6f93fa8d317e9ffb5b5baf449e061, Branch: HEAD",
                "Started Prometheus remote-storage HTTP server", "aborting startup due to error"],
            events.Select(e => e.RenderMessage()));
        Assert.Equal([LogEventLevel.Information, LogEventLevel.Information, LogEventLevel.Information, LogEventLevel.Error], events.Select(e => e.Level));
        Assert.Equal(events.Select(e => e.RenderMessage()), lines.Select(l => l.Message));
    }

    [Fact]
    public async Task Lets_the_supervisor_observe_the_ready_and_failure_lines()
    {
        var (_, lines) = await PumpAsync(PromscaleLines.Started017 + "\n" + PromscaleLines.Aborting017 + "\n");

        Assert.Equal("Started Prometheus remote-storage HTTP server", lines[0].Message);
        Assert.Equal(":9201", lines[0].GetField("listening-port"));
        Assert.Equal("aborting startup due to error", lines[1].Message);
        Assert.StartsWith("dependency error:", lines[1].Error);
    }

    [Fact]
    public async Task Redacts_before_parsing_and_forwarding()
    {
        var redactor = new SecretRedactor([PromscaleLines.BasicAuthPassword]);

        var (events, lines) = await PumpAsync(PromscaleLines.Config017 + "\nplain " + PromscaleLines.BasicAuthPassword + "\n", redactor);

        Assert.DoesNotContain(PromscaleLines.BasicAuthPassword, events[0].RenderMessage());
        Assert.Contains("BasicAuthPassword:****", lines[0].Message);
        Assert.Equal("plain ****", events[1].RenderMessage());
    }

    [Fact]
    public async Task Handles_CRLF_line_ends_empty_lines_and_a_last_line_without_newline()
    {
        var (events, _) = await PumpAsync("a\r\nb\n\n\r\nc\rd\nlast");

        Assert.Equal(["a", "b", "", "", "c\rd", "last"], events.Select(e => e.RenderMessage()));
    }

    [Fact]
    public async Task Forwards_nothing_for_an_empty_stream()
    {
        var (events, _) = await PumpAsync("");

        Assert.Empty(events);
    }

    [Fact]
    public async Task Replaces_invalid_UTF8_instead_of_failing()
    {
        var bytes = Encoding.UTF8.GetBytes("level=info msg=\"bad ").Concat(new byte[] { 0xff, 0xfe, 0xc3 })
            .Concat(Encoding.UTF8.GetBytes("\" n=1\nnext\n")).Concat(new byte[] { 0xe2, 0x82 }).ToArray();

        var (events, _) = await PumpAsync(bytes);

        Assert.Equal(["bad \uFFFD\uFFFD\uFFFD", "next", "\uFFFD"], events.Select(e => e.RenderMessage()));
    }

    [Fact]
    public async Task Decodes_multi_byte_characters_split_across_reads()
    {
        var (events, _) = await PumpAsync("level=info msg=\"é€😀 ok\"\nü\n", chunkSize: 1);

        Assert.Equal(["é€😀 ok", "ü"], events.Select(e => e.RenderMessage()));
    }

    [Fact]
    public async Task Splits_a_10_MB_line_into_ordered_parts_of_at_most_64_KiB()
    {
        var longLine = "level=warn msg=\"" + new string('x', 10 * 1024 * 1024);
        var (events, lines) = await PumpAsync(longLine + "\n" + PromscaleLines.Started017 + "\n", chunkSize: 100_000);

        var parts = lines.Take(lines.Count - 1).ToList();
        Assert.True(parts.Count >= 160, $"{parts.Count} parts");
        Assert.True(parts.All(p => p.Message.Length is > 0 and <= PromscaleOutputPump.MaxLinePartChars), "a part is empty or too long");
        Assert.Equal(Enumerable.Range(1, parts.Count), parts.Select(p => p.LinePart));
        Assert.All(parts[..^1], p => Assert.True(p.LineContinues));
        Assert.False(parts[^1].LineContinues);
        Assert.All(parts, p => Assert.Equal(LogEventLevel.Warning, p.Level));
        Assert.True(longLine == string.Concat(parts.Select(p => p.Message)), "parts do not add up to the line");
        Assert.Equal("Started Prometheus remote-storage HTTP server", lines[^1].Message);
        Assert.Equal(0, lines[^1].LinePart);
        Assert.Equal(lines.Count, events.Count);
    }

    [Fact]
    public async Task Forwards_a_long_line_that_ends_without_newline()
    {
        var longLine = new string('y', PromscaleOutputPump.MaxLinePartChars * 2 + 10);

        var (_, lines) = await PumpAsync(longLine);

        Assert.True(longLine == string.Concat(lines.Select(l => l.Message)), "parts do not add up to the line");
        Assert.False(lines[^1].LineContinues);
        Assert.True(lines[0].LineContinues);
    }

    [Fact]
    public async Task Never_cuts_a_long_line_through_a_known_secret()
    {
        const string secret = "S3CRET-value-0123456789";
        var redactor = new SecretRedactor([secret]);
        for (var offset = -30; offset <= 30; offset += 3)
        {
            var text = new string('a', PromscaleOutputPump.MaxLinePartChars - (redactor.LongestNeedleLength - 1) + offset) + secret + new string('b', 100);

            var (_, lines) = await PumpAsync(text + "\n", redactor);

            Assert.True(lines.All(l => !l.Message.Contains(secret[..4], StringComparison.Ordinal)), $"secret cut at offset {offset}");
            Assert.True(text.Replace(secret, "****", StringComparison.Ordinal) == string.Concat(lines.Select(l => l.Message)), $"text changed at offset {offset}");
        }
    }

    [Fact]
    public async Task Delivers_10_000_lines_through_a_real_pipe_exactly_once_and_in_order()
    {
        // A CI smoke test: bench/run forwards a million lines through the launcher and measures it (docs/benchmarks.md).
        const int count = 10_000;
        var (writer, reader) = CreatePipe();
        var next = 0;
        var outOfOrder = 0;
        using var logger = Loggers.WritingTo(new DelegatingSink(e =>
        {
            var message = e.MessageTemplate.Text;
            if (message != $"line {next}")
            {
                outOfOrder++;
            }

            next++;
        }));
        var pump = new PromscaleOutputPump(PromscaleOutputStream.Stderr, SecretRedactor.WithoutKnownSecrets, logger);
        var pumping = pump.PumpAsync(reader, CancellationToken.None);

        await Task.Run(() =>
        {
            using var output = new BufferedStream(writer, 1 << 16);
            var bytes = new byte[128];
            for (var i = 0; i < count; i++)
            {
                var length = Encoding.ASCII.GetBytes($"level=info ts=2023-01-11T10:00:00.000Z caller=t.go:1 msg=\"line {i}\"\n", bytes);
                output.Write(bytes, 0, length);
            }
        }).WaitAsync(_timeout);
        await writer.DisposeAsync();
        await pumping.WaitAsync(_timeout);
        reader.Dispose();

        Assert.Equal(count, next);
        Assert.Equal(0, outOfOrder);
    }

    [Fact]
    public async Task Stops_reading_while_the_sink_is_blocked_so_the_child_blocks_too()
    {
        var (writer, reader) = CreatePipe();
        using var release = new ManualResetEventSlim();
        var received = 0;
        using var logger = Loggers.WritingTo(new DelegatingSink(_ =>
        {
            release.Wait(_timeout);
            Interlocked.Increment(ref received);
        }));
        var pump = new PromscaleOutputPump(PromscaleOutputStream.Stderr, SecretRedactor.WithoutKnownSecrets, logger);
        var pumping = pump.PumpAsync(reader, CancellationToken.None);
        const int lines = 100_000;
        long written = 0;
        var writing = Task.Run(() =>
        {
            var line = Encoding.ASCII.GetBytes(PromscaleLines.Throughput + "\n");
            for (var i = 0; i < lines; i++)
            {
                writer.Write(line);
                Interlocked.Add(ref written, line.Length);
            }
        });

        // Back-pressure: while the sink is held, the writer must block on the full pipe, not finish.
        await Assert.ThrowsAsync<TimeoutException>(() => writing.WaitAsync(TimeSpan.FromSeconds(2)));
        Assert.InRange(Interlocked.Read(ref written), 1, 1024 * 1024);
        Assert.Equal(0, Volatile.Read(ref received));

        release.Set();
        await writing.WaitAsync(_timeout);
        await writer.DisposeAsync();
        await pumping.WaitAsync(_timeout);
        reader.Dispose();
        Assert.Equal(lines, Volatile.Read(ref received));
    }

    [Fact]
    public async Task Forwards_the_unfinished_line_when_cancelled_while_waiting_on_an_open_pipe()
    {
        var (writer, reader) = CreatePipe();
        var sink = new CollectingSink();
        using var firstLine = new ManualResetEventSlim();
        using var logger = Loggers.WritingTo(sink);
        var pump = new PromscaleOutputPump(PromscaleOutputStream.Stderr, SecretRedactor.WithoutKnownSecrets, logger,
            new DelegatingObserver(_ => firstLine.Set()));
        using var cancellation = new CancellationTokenSource();
        var pumping = pump.PumpAsync(reader, cancellation.Token);

        await writer.WriteAsync(Encoding.UTF8.GetBytes("complete\npartial"));
        await writer.FlushAsync();
        Assert.True(firstLine.Wait(_timeout), "the complete line was not forwarded");

        // The pump now waits for more input, the pipe open: the cancellation must wake it.
        await cancellation.CancelAsync();

        var canceled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pumping.WaitAsync(_timeout));
        Assert.Equal(cancellation.Token, canceled.CancellationToken);
        Assert.True(pumping.IsCanceled);
        Assert.Equal(["complete", "partial"], sink.Events.Select(e => e.RenderMessage()));
        await writer.DisposeAsync();
        reader.Dispose();
    }

    [Fact]
    public async Task Forwards_what_is_buffered_and_ends_when_the_writer_exits_while_another_process_holds_the_pipe()
    {
        var (writer, reader) = CreatePipe();
        var sink = new CollectingSink();
        using var logger = Loggers.WritingTo(sink);
        var pump = new PromscaleOutputPump(PromscaleOutputStream.Stderr, SecretRedactor.WithoutKnownSecrets, logger);
        using var writerExited = new CancellationTokenSource();

        await writer.WriteAsync(Encoding.UTF8.GetBytes("first\nlast words"));
        await writer.FlushAsync();
        await writerExited.CancelAsync();
        // The write end stays open (a leftover process holding it): no end of file will come.
        await pump.PumpAsync(reader, CancellationToken.None, writerExited.Token, TimeSpan.FromSeconds(1)).WaitAsync(_timeout);

        Assert.Equal(["first", "last words"], sink.Events.Select(e => e.RenderMessage()));
        Assert.True(pump.StoppedBeforeEndOfStream);
        await writer.DisposeAsync();
        reader.Dispose();
    }

    [Fact]
    public async Task Reads_nothing_when_cancelled_before_it_starts()
    {
        var (writer, reader) = CreatePipe();
        var sink = new CollectingSink();
        using var logger = Loggers.WritingTo(sink);
        var pump = new PromscaleOutputPump(PromscaleOutputStream.Stderr, SecretRedactor.WithoutKnownSecrets, logger);
        await writer.WriteAsync(Encoding.UTF8.GetBytes("waiting\n"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pump.PumpAsync(reader, new CancellationToken(canceled: true)).WaitAsync(_timeout));

        Assert.Empty(sink.Events);
        await writer.DisposeAsync();
        reader.Dispose();
    }

    [Fact]
    public async Task Sees_a_cancellation_between_two_reads()
    {
        var (writer, reader) = CreatePipe();
        var messages = new List<string>();
        using var inFirstEvent = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        using var logger = Loggers.WritingTo(new DelegatingSink(e =>
        {
            inFirstEvent.Set();
            release.Wait(_timeout);
            messages.Add(e.RenderMessage());
        }));
        var pump = new PromscaleOutputPump(PromscaleOutputStream.Stderr, SecretRedactor.WithoutKnownSecrets, logger);
        using var cancellation = new CancellationTokenSource();
        var pumping = pump.PumpAsync(reader, cancellation.Token);

        await writer.WriteAsync(Encoding.UTF8.GetBytes("one\n"));
        Assert.True(inFirstEvent.Wait(_timeout), "the first line was not forwarded");
        // The pump is writing "one": more input arrives, then the cancellation.
        await writer.WriteAsync(Encoding.UTF8.GetBytes("two\n"));
        await cancellation.CancelAsync();
        release.Set();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pumping.WaitAsync(_timeout));
        Assert.Equal(["one"], messages);
        await writer.DisposeAsync();
        reader.Dispose();
    }

    [Fact]
    public async Task Ends_with_the_pipe_and_forwards_the_last_line_without_newline_when_it_could_be_cancelled()
    {
        var (writer, reader) = CreatePipe();
        var sink = new CollectingSink();
        using var logger = Loggers.WritingTo(sink);
        var pump = new PromscaleOutputPump(PromscaleOutputStream.Stderr, SecretRedactor.WithoutKnownSecrets, logger);
        using var cancellation = new CancellationTokenSource();
        var pumping = pump.PumpAsync(reader, cancellation.Token);

        await writer.WriteAsync(Encoding.UTF8.GetBytes("first\nlast"));
        await writer.DisposeAsync();

        await pumping.WaitAsync(_timeout);
        Assert.Equal(["first", "last"], sink.Events.Select(e => e.RenderMessage()));
        reader.Dispose();
    }

    [Fact]
    public async Task Forwards_a_quiet_childs_line_at_once_without_waiting_for_more_input()
    {
        var (writer, reader) = CreatePipe();
        using var forwarded = new ManualResetEventSlim();
        using var logger = Loggers.WritingTo(new CollectingSink());
        var pump = new PromscaleOutputPump(PromscaleOutputStream.Stderr, SecretRedactor.WithoutKnownSecrets, logger,
            new DelegatingObserver(_ => forwarded.Set()));
        var pumping = pump.PumpAsync(reader, CancellationToken.None);

        // Half a line, then the rest: the line is out once its newline was read, the pipe still open.
        await writer.WriteAsync(Encoding.UTF8.GetBytes(PromscaleLines.Started017[..20]));
        await writer.FlushAsync();
        await writer.WriteAsync(Encoding.UTF8.GetBytes(PromscaleLines.Started017[20..] + "\n"));
        await writer.FlushAsync();

        Assert.True(forwarded.Wait(_timeout), "not forwarded while the pipe is open");
        Assert.False(pumping.IsCompleted);
        await writer.DisposeAsync();
        await pumping.WaitAsync(_timeout);
        reader.Dispose();
    }

    [Fact]
    public async Task Ends_the_drain_after_the_limit_on_a_stream_whose_reads_ignore_cancellation()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var sink = new CollectingSink();
        using var logger = Loggers.WritingTo(sink);
        var pump = new PromscaleOutputPump(PromscaleOutputStream.Stderr, SecretRedactor.WithoutKnownSecrets, logger, timeProvider: time);
        using var writerExited = new CancellationTokenSource();
        using var neverEnds = new ForeverStream(Encoding.UTF8.GetBytes("first\nlast words"));

        var pumping = pump.PumpAsync(neverEnds, CancellationToken.None, writerExited.Token, TimeSpan.FromSeconds(1));
        Assert.True(neverEnds.Waiting.Wait(_timeout), "the pump did not read up to the pending read");
        await writerExited.CancelAsync();
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(pumping.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await pumping.WaitAsync(_timeout);

        Assert.Equal(["first", "last words"], sink.Events.Select(e => e.RenderMessage()));
        Assert.True(pump.StoppedBeforeEndOfStream);
    }

    [Fact]
    public async Task Skips_building_events_below_the_minimum_level_but_still_tells_the_observer()
    {
        var sink = new CollectingSink();
        var observer = new CollectingObserver();
        using var logger = new Serilog.LoggerConfiguration().MinimumLevel.Warning().WriteTo.Sink(sink).CreateLogger();
        var pump = new PromscaleOutputPump(PromscaleOutputStream.Stderr, SecretRedactor.WithoutKnownSecrets, logger, observer);

        await pump.PumpAsync(new MemoryStream(Encoding.UTF8.GetBytes(PromscaleLines.Started017 + "\n" + PromscaleLines.WriteFailed + "\n")), CancellationToken.None);

        Assert.Single(sink.Events);
        Assert.Equal(2, observer.Lines.Count);
    }

    [Fact]
    public async Task Stamps_events_with_the_time_the_line_was_read()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 20, 0, 0, TimeSpan.Zero));
        var sink = new CollectingSink();
        using var logger = Loggers.WritingTo(sink);
        var pump = new PromscaleOutputPump(PromscaleOutputStream.Stdout, SecretRedactor.WithoutKnownSecrets, logger, timeProvider: time);

        await pump.PumpAsync(new MemoryStream(Encoding.UTF8.GetBytes(PromscaleLines.Started017 + "\n")), CancellationToken.None);

        Assert.Equal(time.GetUtcNow(), sink.Events[0].Timestamp);
        Assert.Equal("stdout", ((ScalarValue)sink.Events[0].Properties["Stream"]).Value);
    }

    [Fact]
    public async Task Refuses_to_read_two_streams_at_once()
    {
        var (writer, reader) = CreatePipe();
        using var logger = Loggers.WritingTo(new CollectingSink());
        var pump = new PromscaleOutputPump(PromscaleOutputStream.Stderr, SecretRedactor.WithoutKnownSecrets, logger);
        var first = pump.PumpAsync(reader, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => pump.PumpAsync(new MemoryStream(), CancellationToken.None));

        await writer.DisposeAsync();
        await first.WaitAsync(_timeout);
        reader.Dispose();
    }
}
