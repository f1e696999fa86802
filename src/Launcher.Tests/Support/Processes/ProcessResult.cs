namespace PromscaleLauncher.Tests.Support.Processes;

public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    public string AllOutput => StandardOutput + StandardError;

    /// <summary>The launcher's events (PROMSCALE_LAUNCHER_LOG_FORMAT=json), from its standard error.</summary>
    public IReadOnlyList<JsonEvent> Events => JsonEvents.In(StandardError);

    public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalMilliseconds:0} ms\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}
