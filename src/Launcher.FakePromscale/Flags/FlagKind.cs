namespace PromscaleLauncher.FakePromscale.Flags;

/// <summary>The Go <c>flag.Value</c> types Promscale uses; they decide parsing and the usage listing.</summary>
internal enum FlagKind
{
    String,
    Bool,
    Int,
    Uint,
    Float,
    Duration,

    /// <summary>A repeatable custom value (<c>web.auth.ignore-path</c>): every <c>Set</c> appends.</summary>
    StringList,
}
