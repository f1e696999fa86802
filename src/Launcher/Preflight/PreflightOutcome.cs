using PromscaleLauncher.Configuration;
using PromscaleLauncher.Identity;

namespace PromscaleLauncher.Preflight;

/// <summary>The settings for the effective Promscale version, which Promscale, and what the preflight decided.</summary>
internal sealed record PreflightOutcome(LauncherSettings Settings, PromscaleIdentity Identity, PreflightReport Report, TimeSpan Elapsed);
