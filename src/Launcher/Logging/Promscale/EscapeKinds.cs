namespace PromscaleLauncher.Logging.Promscale;

/// <summary>Which escapes one pass of <see cref="EscapedTextDecoder"/> undoes.</summary>
[Flags]
internal enum EscapeKinds
{
    /// <summary>Go <c>%q</c>, logfmt and JSON: <c>\" \\ \n \xNN \uXXXX \UXXXXXXXX</c>…</summary>
    Backslash = 1,

    /// <summary>URL percent-encoding: <c>%XX</c>.</summary>
    Percent = 2,

    Both = Backslash | Percent,
}
