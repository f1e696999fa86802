using System.IO.Pipes;
using System.Text;
using PromscaleLauncher.Logging.Formatting;
using PromscaleLauncher.Logging.Promscale;
using PromscaleLauncher.Tests.Logging.Support;
using Serilog.Events;

namespace PromscaleLauncher.Tests.Logging;

public sealed class BufferedStreamSinkTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private static LogEvent Event(string message) =>
        new(DateTimeOffset.UnixEpoch, LogEventLevel.Information, null, PromscaleLogEventFactory.LiteralTemplate(message), []);

    [Fact]
    public void Writes_each_event_out_at_once_when_no_batch_is_open()
    {
        var output = new CountingStream();
        using var sink = new BufferedStreamSink(output, new TextLineFormatter());

        sink.Emit(Event("first"));
        var afterFirst = output.Text;
        sink.Emit(Event("second"));

        Assert.Equal("1970-01-01T00:00:00.000Z INF launcher: first\n", afterFirst);
        Assert.Equal(2, output.Writes);
        Assert.EndsWith("INF launcher: second\n", output.Text);
    }

    [Fact]
    public void Holds_the_events_of_a_batch_and_writes_them_once_when_the_last_batch_ends()
    {
        var output = new CountingStream();
        using var sink = new BufferedStreamSink(output, new TextLineFormatter());

        sink.BeginBatch();
        sink.BeginBatch();
        sink.Emit(Event("a"));
        sink.Emit(Event("b"));
        sink.EndBatch();
        var beforeLastEnd = output.Text;
        sink.EndBatch();

        Assert.Equal("", beforeLastEnd);
        Assert.Equal(1, output.Writes);
        Assert.Equal(2, output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Keeps_writing_after_being_disposed_rather_than_dropping_late_events()
    {
        var output = new CountingStream();
        var sink = new BufferedStreamSink(output, new ClefJsonFormatter());
        sink.BeginBatch();
        sink.Emit(Event("in batch"));

        sink.Dispose();
        sink.Emit(Event("late"));

        Assert.Contains("in batch", output.Text);
        Assert.Contains("late", output.Text);
        Assert.True(output.CanWrite);
    }

    [Fact]
    public async Task Gets_a_quiet_childs_line_out_at_once_and_a_busy_childs_lines_out_in_few_writes()
    {
        var output = new CountingStream();
        using var sink = new BufferedStreamSink(output, new TextLineFormatter());
        using var logger = Loggers.WritingTo(sink);
        using var writer = new AnonymousPipeServerStream(PipeDirection.Out);
        using var reader = new AnonymousPipeClientStream(PipeDirection.In, writer.ClientSafePipeHandle);
        var pump = new PromscaleOutputPump(PromscaleOutputStream.Stderr, SecretRedactor.WithoutKnownSecrets, logger, outputBatching: sink);
        var pumping = pump.PumpAsync(reader, CancellationToken.None);

        // Quiet: one line, pipe left open; it must reach the output without any further input.
        await writer.WriteAsync(Encoding.UTF8.GetBytes(PromscaleLines.Started017 + "\n"));

        Assert.True(output.WaitForText(t => t.Contains("INF promscale: Started Prometheus remote-storage HTTP server", StringComparison.Ordinal), s_timeout),
            $"not written while the pipe is open: '{output.Text}'");

        // Busy: 20,000 lines in one go; far fewer writes than lines.
        var writesBefore = output.Writes;
        var burst = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(PromscaleLines.Throughput + "\n", 20_000)));
        await writer.WriteAsync(burst);
        await writer.DisposeAsync();
        await pumping.WaitAsync(s_timeout);

        Assert.Equal(20_001, output.Text.Count(c => c == '\n'));
        Assert.InRange(output.Writes - writesBefore, 1, 2_000);
    }
}
