using System.Text.Json;

namespace PromscaleLauncher.Tests.Support.Processes;

/// <summary>The report of `promscale-launcher check --json`: its exit code, and each check by id with its status, exit code and evidence.</summary>
public sealed class CheckJsonReport
{
    private readonly JsonElement _root;

    private CheckJsonReport(JsonElement root) => _root = root;

    public static CheckJsonReport Of(ProcessResult result)
    {
        try
        {
            using var document = JsonDocument.Parse(result.StandardOutput);
            return new CheckJsonReport(document.RootElement.Clone());
        }
        catch (JsonException exception)
        {
            throw new InvalidOperationException($"check --json did not print one JSON report:\n{result}", exception);
        }
    }

    public int ExitCode => _root.GetProperty("exitCode").GetInt32();

    public bool CanStart => _root.GetProperty("canStart").GetBoolean();

    public string Database => _root.GetProperty("database").GetString()!;

    public IReadOnlyList<ReportedCheck> Checks => [.. _root.GetProperty("checks").EnumerateArray().Select(check => new ReportedCheck(check))];

    /// <summary>The one check with <paramref name="id"/>; fails the test when there is none or more than one.</summary>
    public ReportedCheck Check(string id) => Assert.Single(Checks, check => check.Id == id);

    public override string ToString() => _root.GetRawText();
}
