namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>
/// A start-up error with its Promscale error chain as message; the run logs
/// <c>aborting startup due to error</c> with it and exits 1 (docs/promscale.md §4.2).
/// </summary>
internal sealed class StartupFailure(string chain) : Exception(chain);
