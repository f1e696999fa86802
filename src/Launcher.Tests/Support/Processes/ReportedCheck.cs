using System.Text.Json;

namespace PromscaleLauncher.Tests.Support.Processes;

/// <summary>One check of a <see cref="CheckJsonReport"/>.</summary>
public sealed class ReportedCheck(JsonElement check)
{
    public string Id => check.GetProperty("id").GetString()!;

    /// <summary>ok, warn or fail.</summary>
    public string Status => check.GetProperty("status").GetString()!;

    public string Summary => check.GetProperty("summary").GetString()!;

    public string? Fix => check.TryGetProperty("fix", out var fix) ? fix.GetString() : null;

    /// <summary>The exit code a failed check gives; null for ok and warn.</summary>
    public int? ExitCode => check.TryGetProperty("exitCode", out var code) ? code.GetInt32() : null;

    /// <summary>An item of the evidence, or null.</summary>
    public string? Evidence(string key) =>
        check.GetProperty("evidence").TryGetProperty(key, out var value) ? value.GetString() : null;

    public override string ToString() => check.GetRawText();
}
