namespace PromscaleLauncher.FakePromscale.Flags;

/// <summary>One registered name of a Go <c>flag.FlagSet</c>.</summary>
internal sealed record GoFlag(string Name, string Usage, string DefaultText, FlagValue Value);
