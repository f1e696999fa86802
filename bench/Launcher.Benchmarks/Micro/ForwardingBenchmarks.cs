using System.Text;
using BenchmarkDotNet.Attributes;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Logging;
using PromscaleLauncher.Logging.Formatting;
using PromscaleLauncher.Logging.Promscale;

namespace PromscaleLauncher.Benchmarks.Micro;

/// <summary>
/// The whole in-process path of one forwarded line, as the launcher wires it (LoggingSetup, PromscaleOutputPump
/// with a BufferedStreamSink batch per read): from Promscale's bytes to formatted text in a discarded stream.
/// Reported per line; the process benchmark adds the pipes, the kernel and the second core on top of this.
/// </summary>
public class ForwardingBenchmarks
{
    private const int Lines = 10_000;

    private byte[] _input = [];
    private Serilog.Core.Logger? _logger;
    private BufferedStreamSink? _sink;
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
        (_logger, _sink) = LoggingSetup.CreateLogger(Format == "json" ? LogFormat.Json : LogFormat.Text, Stream.Null);
        _redactor = new SecretRedactor([PromscaleLines.DatabasePassword, PromscaleLines.WebPassword]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _logger?.Dispose();
        _sink?.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Lines, Description = "forward one burst line (pump → sink)")]
    public Task ForwardAsync()
    {
        var pump = new PromscaleOutputPump(PromscaleOutputStream.Stderr, _redactor!, _logger!, outputBatching: _sink);
        return pump.PumpAsync(new MemoryStream(_input, writable: false), CancellationToken.None);
    }
}
