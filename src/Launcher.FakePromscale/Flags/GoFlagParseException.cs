namespace PromscaleLauncher.FakePromscale.Flags;

/// <summary>The error <c>FlagSet.Parse</c> returned (already printed with the usage, as Go's <c>failf</c> does).</summary>
internal sealed class GoFlagParseException(string message) : Exception(message)
{
    /// <summary>Go's <c>flag.ErrHelp</c> text.</summary>
    public const string HelpRequested = "flag: help requested";

    public bool IsHelp => Message == HelpRequested;
}
