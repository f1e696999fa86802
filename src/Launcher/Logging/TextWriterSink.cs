using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace PromscaleLauncher.Logging;

/// <summary>
/// Writes each event synchronously, whole, as one line: a slow reader slows the writer down and nothing
/// is dropped (conventions §4).
/// </summary>
internal sealed class TextWriterSink(TextWriter output, ITextFormatter formatter) : ILogEventSink
{
    private readonly Lock _lock = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_lock)
        {
            formatter.Format(logEvent, output);
            output.Flush();
        }
    }
}
