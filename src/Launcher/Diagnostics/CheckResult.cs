namespace PromscaleLauncher.Diagnostics;

/// <summary>
/// One check of the preflight, or one diagnosis of a Promscale failure: its id from docs/diagnostics.md,
/// what was found, the evidence, and the exact fix. Nothing in it may carry a secret.
/// </summary>
internal sealed record CheckResult(string Id, CheckStatus Status, string Summary)
{
    public string? Fix { get; init; }

    /// <summary>The launcher's exit code when this check blocks the start (only for <see cref="CheckStatus.Fail"/>).</summary>
    public int ExitCode { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Evidence { get; init; } = [];

    public static CheckResult Ok(string id, string summary) => new(id, CheckStatus.Ok, summary);

    public static CheckResult Warn(string id, string summary, string? fix = null) => new(id, CheckStatus.Warn, summary) { Fix = fix };

    public static CheckResult Fail(string id, int exitCode, string summary, string fix) =>
        new(id, CheckStatus.Fail, summary) { Fix = fix, ExitCode = exitCode };

    public CheckResult With(string key, object? value) =>
        this with { Evidence = [.. Evidence, new(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "")] };
}
