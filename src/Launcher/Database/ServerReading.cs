using PromscaleLauncher.Diagnostics;

namespace PromscaleLauncher.Database;

/// <summary>
/// What the preflight learnt from the server before any version-dependent decision: the connection's check
/// (reachable, or why not) and, when it connected, the facts it read.
/// </summary>
internal sealed record ServerReading(CheckResult Connection, ServerFacts? Facts);
