using BenchmarkDotNet.Attributes;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Logging;
using PromscaleLauncher.Logging.Formatting;
using PromscaleLauncher.Logging.Promscale;
using Serilog.Events;

namespace PromscaleLauncher.Benchmarks.Micro;

/// <summary>The steps every forwarded Promscale line goes through, one at a time (PromscaleOutputPump.ForwardLine).</summary>
public class LogLineBenchmarks
{
    private readonly LogfmtParser _logfmt = new();
    private readonly List<KeyValuePair<string, string>> _fields = new(16);
    private readonly SecretRedactor _redactor = new([PromscaleLines.DatabasePassword, PromscaleLines.WebPassword]);
    private readonly PromscaleLineParser _parser = new();
    private readonly PromscaleLogEventFactory _events = new();
    private readonly TextLineFormatter _text = new();
    private readonly Serilog.Formatting.ITextFormatter _json = LoggingSetup.Formatter(LogFormat.Json);
    private readonly StreamWriter _output = new(Stream.Null);
    private readonly DateTimeOffset _readAt = DateTimeOffset.UtcNow;
    private string _line = "";
    private LogEvent? _event;

    [Params(nameof(PromscaleLines.Burst), nameof(PromscaleLines.Warning), nameof(PromscaleLines.Pool))]
    public string Line { get; set; } = nameof(PromscaleLines.Burst);

    [GlobalSetup]
    public void Setup()
    {
        _line = PromscaleLines.Get(Line);
        var redacted = _redactor.TryRedact(_line, out var text) ? text : _line;
        _event = _events.Create(_parser.Parse(redacted, redacted, PromscaleOutputStream.Stderr, _readAt));
    }

    [GlobalCleanup]
    public void Cleanup() => _output.Dispose();

    [Benchmark(Description = "logfmt parse")]
    public int ParseLogfmt()
    {
        _fields.Clear();
        _logfmt.TryParse(_line, _fields);
        return _fields.Count;
    }

    [Benchmark(Description = "redact")]
    public bool Redact() => _redactor.TryRedact(_line, out _);

    [Benchmark(Description = "line parse (logfmt + level + fields)")]
    public object ParseLine() => _parser.Parse(_line, null, PromscaleOutputStream.Stderr, _readAt);

    [Benchmark(Description = "redact + parse + LogEvent")]
    public LogEvent RedactParseCreate()
    {
        var line = _redactor.TryRedact(_line, out var redacted)
            ? _parser.Parse(redacted, redacted, PromscaleOutputStream.Stderr, _readAt)
            : _parser.Parse(_line, null, PromscaleOutputStream.Stderr, _readAt);
        return _events.Create(line);
    }

    [Benchmark(Description = "format text line")]
    public void FormatText() => _text.Format(_event!, _output);

    [Benchmark(Description = "format json line")]
    public void FormatJson() => _json.Format(_event!, _output);
}
