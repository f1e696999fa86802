namespace PromscaleLauncher.FakePromscale.Flags;

/// <summary>
/// The storage behind a flag. In 0.10 an old alias (<c>-db-uri</c>) shares the value of its new name
/// (<c>-db.uri</c>), as <c>fs.Var(f.Value, alias, …)</c> does.
/// </summary>
internal sealed class FlagValue(FlagKind kind, string defaultText)
{
    private readonly List<string> _items = [];

    public FlagKind Kind { get; } = kind;

    /// <summary>What <c>Value.String()</c> returns now.</summary>
    public string Text { get; private set; } = defaultText;

    public IReadOnlyList<string> Items => _items;

    /// <summary><c>Value.Set</c>: null on success, else the Go error text.</summary>
    public string? Set(string text)
    {
        switch (Kind)
        {
            case FlagKind.String:
                Text = text;
                return null;
            case FlagKind.Bool:
                if (!GoSyntax.TryParseBool(text, out var flag))
                {
                    return GoSyntax.ParseError;
                }

                Text = flag ? "true" : "false";
                return null;
            case FlagKind.Int:
            case FlagKind.Uint:
                var error = GoSyntax.TryParseInteger(text, Kind == FlagKind.Uint, out var number);
                if (error is not null)
                {
                    return error;
                }

                Text = Kind == FlagKind.Uint ? ((ulong)number).ToString(System.Globalization.CultureInfo.InvariantCulture) : number.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return null;
            case FlagKind.Float:
                if (!GoSyntax.TryParseFloat(text, out var real))
                {
                    return GoSyntax.ParseError;
                }

                Text = real.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                return null;
            case FlagKind.Duration:
                if (!GoSyntax.TryParseDuration(text, out var duration))
                {
                    return GoSyntax.ParseError;
                }

                Text = GoSyntax.FormatDuration(duration);
                return null;
            case FlagKind.StringList:
                _items.Add(text);
                Text = string.Join(',', _items);
                return null;
            default:
                throw new InvalidOperationException($"unknown flag kind {Kind}");
        }
    }

    public bool AsBool() => Text == "true";

    public long AsInt() => long.Parse(Text, System.Globalization.CultureInfo.InvariantCulture);

    public TimeSpan AsDuration() => GoSyntax.TryParseDuration(Text, out var value) ? value : TimeSpan.Zero;
}
