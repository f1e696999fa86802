using Serilog.Formatting;

namespace PromscaleLauncher.Logging.Formatting;

/// <summary>Reads <c>PROMSCALE_LAUNCHER_LOG_FORMAT</c> and creates its formatter.</summary>
internal static class LogOutputFormats
{
    public const string EnvironmentVariable = "PROMSCALE_LAUNCHER_LOG_FORMAT";

    /// <summary><c>text</c> or <c>json</c>, any case; unset or empty means <see cref="LogOutputFormat.Text"/>.</summary>
    public static bool TryParse(string? value, out LogOutputFormat format)
    {
        format = LogOutputFormat.Text;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        switch (value.Trim().ToLowerInvariant())
        {
            case "text":
                return true;
            case "json":
                format = LogOutputFormat.Json;
                return true;
            default:
                return false;
        }
    }

    public static ITextFormatter CreateFormatter(LogOutputFormat format) => format switch
    {
        LogOutputFormat.Json => new ClefJsonFormatter(),
        _ => new TextLineFormatter(),
    };
}
