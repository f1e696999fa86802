namespace PromscaleLauncher.Logging.Formatting;

/// <summary>
/// The last timestamp a formatter wrote, and its text. Every line of one chunk the pump read carries the same
/// read time, so most events reuse the text. Immutable: a formatter swaps the whole object, which keeps it
/// thread-safe without a lock.
/// </summary>
internal sealed class FormattedTimestamp(long utcTicks, string text)
{
    public long UtcTicks { get; } = utcTicks;

    public string Text { get; } = text;
}
