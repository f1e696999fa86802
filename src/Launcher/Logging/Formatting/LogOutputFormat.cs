namespace PromscaleLauncher.Logging.Formatting;

/// <summary>The launcher's output format, <c>PROMSCALE_LAUNCHER_LOG_FORMAT</c>.</summary>
internal enum LogOutputFormat
{
    /// <summary>One readable, greppable line per event (<see cref="TextLineFormatter"/>), the default.</summary>
    Text,

    /// <summary>One CLEF JSON object per line (<see cref="ClefJsonFormatter"/>).</summary>
    Json,
}
