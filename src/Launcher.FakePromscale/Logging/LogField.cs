namespace PromscaleLauncher.FakePromscale.Logging;

/// <summary>
/// One key/value pair of a go-kit log call. A null value is go-kit's <c>ErrMissingValue</c>, printed
/// <c>(MISSING)</c>: Promscale's health check passes an error without a key (docs/promscale.md §4.2).
/// </summary>
internal readonly record struct LogField(string Key, string? Value)
{
    public const string Missing = "(MISSING)";

    public static implicit operator LogField((string Key, string? Value) pair) => new(pair.Key, pair.Value);
}
