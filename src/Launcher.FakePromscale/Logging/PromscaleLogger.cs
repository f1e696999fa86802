using System.Globalization;

namespace PromscaleLauncher.FakePromscale.Logging;

/// <summary>
/// Promscale's <c>pkg/log</c>: go-kit, stderr only, keys <c>level ts caller</c> then the call's pairs, UTC
/// millisecond timestamps (docs/promscale.md §4). <c>PROMSCALE_LOGGING=false</c> silences it entirely (docs/promscale.md §1.2).
/// </summary>
internal sealed class PromscaleLogger(LogLevel minimum, LogFormat format, bool enabled, TimeProvider clock)
{
    public LogLevel Minimum { get; } = minimum;

    public LogFormat Format { get; } = format;

    public bool Enabled { get; } = enabled;

    /// <summary>The default logger before <c>log.Init</c>: logfmt, info (docs/promscale.md §1.5).</summary>
    public static PromscaleLogger Bootstrap(bool enabled, TimeProvider clock) => new(LogLevel.Info, LogFormat.Logfmt, enabled, clock);

    public void Debug(string caller, params LogField[] fields) => Log(LogLevel.Debug, caller, fields);

    public void Info(string caller, params LogField[] fields) => Log(LogLevel.Info, caller, fields);

    public void Warn(string caller, params LogField[] fields) => Log(LogLevel.Warn, caller, fields);

    public void Error(string caller, params LogField[] fields) => Log(LogLevel.Error, caller, fields);

    public bool IsEnabled(LogLevel level) => Enabled && level >= Minimum;

    public void Log(LogLevel level, string caller, params LogField[] fields)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        var all = new List<LogField>(fields.Length + 3)
        {
            ("level", LevelText(level)),
            ("ts", clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
            ("caller", caller),
        };
        all.AddRange(fields);
        StandardStreams.WriteError(Format == LogFormat.Json ? JsonLineEncoder.Encode(all) : LogfmtEncoder.Encode(all));
    }

    public static string LevelText(LogLevel level) => level switch
    {
        LogLevel.Debug => "debug",
        LogLevel.Info => "info",
        LogLevel.Warn => "warn",
        _ => "error",
    };
}
