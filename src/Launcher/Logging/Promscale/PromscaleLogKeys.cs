namespace PromscaleLauncher.Logging.Promscale;

/// <summary>The go-kit keys Promscale writes on every line (docs/promscale.md §4).</summary>
internal static class PromscaleLogKeys
{
    public const string Level = "level";
    public const string Ts = "ts";
    public const string Caller = "caller";
    public const string Msg = "msg";
    public const string Err = "err";

    /// <summary>Replaces <c>msg</c> on the start-up config line, which holds the web auth secrets in clear text (0.15+).</summary>
    public const string Config = "config";

    /// <summary>go-kit's value for a key passed without one (<c>log.ErrMissingValue</c>), e.g. health.go (docs/promscale.md §4.2).</summary>
    public const string MissingValue = "(MISSING)";
}
