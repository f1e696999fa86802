using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace PromscaleLauncher.Tests.Logging.Support;

/// <summary>Formats every event it receives into <see cref="Text"/>, as the console sink would write it.</summary>
internal sealed class FormattingSink(ITextFormatter formatter) : ILogEventSink
{
    private readonly Lock _lock = new();
    private readonly StringWriter _output = new();

    public string Text
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    public void Emit(LogEvent logEvent)
    {
        lock (_lock)
        {
            formatter.Format(logEvent, _output);
        }
    }
}
