using PromscaleLauncher.Configuration;
using PromscaleLauncher.Diagnostics;
using PromscaleLauncher.Supervision;

namespace PromscaleLauncher.Hosting;

/// <summary>Which Promscale, the settings for its version, and what the database preflight decided.</summary>
internal sealed record PreflightOutcome(PromscaleIdentity Identity, LauncherSettings Settings, PreflightReport Report);
