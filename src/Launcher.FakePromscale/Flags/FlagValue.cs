using System.Globalization;

namespace PromscaleLauncher.FakePromscale.Flags;

/// <summary>The storage behind a flag, holding what <c>Value.String()</c> returns.</summary>
internal sealed class FlagValue(FlagKind kind, string defaultText)
{
    public FlagKind Kind { get; } = kind;

    public string Text { get; private set; } = defaultText;

    /// <summary><c>Value.Set</c>: null on success, else the Go error text.</summary>
    public string? Set(string text)
    {
        switch (Kind)
        {
            case FlagKind.Bool when GoSyntax.TryParseBool(text, out var flag):
                Text = flag ? "true" : "false";
                return null;
            case FlagKind.Int when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number):
                Text = number.ToString(CultureInfo.InvariantCulture);
                return null;
            case FlagKind.Duration when GoSyntax.TryParseDuration(text, out var duration):
                Text = GoSyntax.FormatDuration(duration);
                return null;
            case FlagKind.String:
                Text = text;
                return null;
            default:
                return GoSyntax.ParseError;
        }
    }

    public bool AsBool() => Text == "true";

    public long AsInt() => long.Parse(Text, CultureInfo.InvariantCulture);

    public TimeSpan AsDuration() => GoSyntax.TryParseDuration(Text, out var value) ? value : TimeSpan.Zero;
}
