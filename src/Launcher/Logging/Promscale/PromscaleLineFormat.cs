namespace PromscaleLauncher.Logging.Promscale;

/// <summary>How a line read from Promscale was understood.</summary>
internal enum PromscaleLineFormat
{
    /// <summary>go-kit logfmt (docs/promscale.md §4): starts with <c>level=</c>.</summary>
    Logfmt,

    /// <summary>go-kit JSON (<c>telemetry.log.format=json</c>, docs/promscale.md §4): one object with a <c>level</c> key.</summary>
    Json,

    /// <summary>Anything else (automaxprocs, Go panics, <c>flag</c> usage, 0.10 stdout lines): forwarded verbatim.</summary>
    PlainText,
}
