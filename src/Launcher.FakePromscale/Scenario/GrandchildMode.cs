namespace PromscaleLauncher.FakePromscale.Scenario;

/// <summary>How <c>FAKE_PROMSCALE_SPAWN_GRANDCHILD</c> leaves a <c>sleep</c> behind.</summary>
internal enum GrandchildMode
{
    None,

    /// <summary>The sleep's stdio are pipes to the fake (closed when it dies): only the process outlives it.</summary>
    Detached,

    /// <summary>The sleep inherits the fake's stdout/stderr, so those pipes stay open after the fake exits.</summary>
    InheritStdio,
}
