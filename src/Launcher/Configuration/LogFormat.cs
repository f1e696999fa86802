namespace PromscaleLauncher.Configuration;

internal enum LogFormat
{
    /// <summary>One readable line per event with key=value properties: Scalingo's log viewer.</summary>
    Text,

    /// <summary>Compact Log Event Format (one JSON object per line): log drains.</summary>
    Json,
}
