namespace PromscaleLauncher.Configuration;

/// <summary>When the launcher process started: Scalingo's 60 s boot window counts from the container's start.</summary>
internal sealed record LauncherStartTime(long Timestamp);
