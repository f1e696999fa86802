using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PromscaleLauncher.Tests.Connections;

/// <summary>Keeps every event's id and structured properties, for unit tests of the launcher's events.</summary>
internal sealed class RecordingLogger : ILogger
{
    public ConcurrentQueue<(int EventId, IReadOnlyDictionary<string, object?> Properties)> Events { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.ToDictionary(pair => pair.Key, pair => pair.Value)
            : new Dictionary<string, object?>();
        Events.Enqueue((eventId.Id, properties));
    }
}
