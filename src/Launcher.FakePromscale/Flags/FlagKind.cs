namespace PromscaleLauncher.FakePromscale.Flags;

/// <summary>The Go <c>flag.Value</c> types of the flags the fake defines; they decide parsing and the usage listing.</summary>
internal enum FlagKind
{
    String,
    Bool,
    Int,
    Duration,
}
