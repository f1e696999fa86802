namespace PromscaleLauncher.Configuration;

/// <summary>Something the operator should know about the configuration that does not stop the launch.</summary>
internal sealed record ConfigurationNotice(NoticeLevel Level, string Variable, string Message);

internal enum NoticeLevel
{
    Information,
    Warning,
}
