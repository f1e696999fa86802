namespace PromscaleLauncher.Logging.Promscale;

/// <summary>Which of the child's output streams a line was read from.</summary>
internal enum PromscaleOutputStream
{
    Stdout,
    Stderr,
}
