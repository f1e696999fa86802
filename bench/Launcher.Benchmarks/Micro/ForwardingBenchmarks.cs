using System.Text;
using BenchmarkDotNet.Attributes;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Logging;
using PromscaleLauncher.Logging.Promscale;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace PromscaleLauncher.Benchmarks.Micro;

/// <summary>
/// The whole in-process path of one forwarded line, as the launcher wires it (PromscaleOutputPump, redaction,
/// parsing, the Serilog event, LoggingSetup's formatter): from Promscale's bytes to formatted text, written to a
/// discarded writer instead of the console sink's stderr. Reported per line; the process benchmark adds the
/// pipes, the kernel, the write(2) per event and the second core on top of this.
/// </summary>
public class ForwardingBenchmarks
{
    private const int Lines = 10_000;

    private byte[] _input = [];
    private Logger? _logger;
    private SecretRedactor? _redactor;

    /// <summary>PROMSCALE_LAUNCHER_LOG_FORMAT.</summary>
    [Params("text", "json")]
    public string Format { get; set; } = "text";

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder();
        for (var i = 1; i <= Lines; i++)
        {
            text.Append("level=info ts=2026-11-25T21:57:41.721Z caller=burst.go:1 msg=\"burst line ").Append(i).Append("\"\n");
        }
        _input = Encoding.UTF8.GetBytes(text.ToString());
        var formatter = LoggingSetup.Formatter(Format == "json" ? LogFormat.Json : LogFormat.Text);
        _logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(new DiscardingSink(formatter)).CreateLogger();
        _redactor = new SecretRedactor([PromscaleLines.DatabasePassword, PromscaleLines.WebPassword]);
    }

    [GlobalCleanup]
    public void Cleanup() => _logger?.Dispose();

    [Benchmark(OperationsPerInvoke = Lines, Description = "forward one burst line (pump → formatter)")]
    public Task ForwardAsync()
    {
        var pump = new PromscaleOutputPump(PromscaleOutputStream.Stderr, _redactor!, _logger!);
        return pump.PumpAsync(new MemoryStream(_input, writable: false), CancellationToken.None);
    }

    /// <summary>Formats each event as the console sink does (into a string per event), then drops it.</summary>
    private sealed class DiscardingSink(ITextFormatter formatter) : ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
            using var output = new StringWriter();
            formatter.Format(logEvent, output);
            TextWriter.Null.Write(output.ToString());
        }
    }
}
