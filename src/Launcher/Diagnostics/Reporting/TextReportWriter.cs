
namespace PromscaleLauncher.Diagnostics.Reporting;

/// <summary>The human report of `promscale-launcher check`: one line per check, its evidence and fix indented below.</summary>
internal static class TextReportWriter
{
    public static void Write(TextWriter output, CheckReport report)
    {
        output.WriteLine($"promscale-launcher check: Promscale {report.PromscaleVersion}, database {report.MaskedDatabaseUrl ?? "(not configured)"}");
        foreach (var check in report.Checks)
        {
            output.WriteLine($"  {Label(check.Status),-4}  {check.Id,-20} {check.Summary}");
            if (check.Evidence.Count > 0)
            {
                output.WriteLine($"        {"",-20} evidence: {string.Join(" ", check.Evidence.Select(pair => $"{pair.Key}={Quote(pair.Value)}"))}");
            }
            if (check.Fix is not null && check.Status != CheckStatus.Ok)
            {
                output.WriteLine($"        {"",-20} fix: {check.Fix}");
            }
        }
        output.WriteLine(report.SummaryLine);
    }

    private static string Label(CheckStatus status) => status switch
    {
        CheckStatus.Ok => "ok",
        CheckStatus.Warn => "warn",
        _ => "FAIL",
    };

    private static string Quote(string value) =>
        value.Length > 0 && !value.Any(c => char.IsWhiteSpace(c) || c is '"' or '=') ? value : $"\"{value.Replace("\"", "\\\"")}\"";
}
