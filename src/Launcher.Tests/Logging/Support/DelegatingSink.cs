using Serilog.Core;
using Serilog.Events;

namespace PromscaleLauncher.Tests.Logging.Support;

internal sealed class DelegatingSink(Action<LogEvent> emit) : ILogEventSink
{
    public void Emit(LogEvent logEvent) => emit(logEvent);
}
