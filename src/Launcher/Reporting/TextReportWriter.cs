using PromscaleLauncher.Diagnostics;
using PromscaleLauncher.Logging.Formatting;

namespace PromscaleLauncher.Reporting;

/// <summary>
/// The human report of `promscale-launcher check`: one line per check, its evidence and fix indented below.
/// Every line goes through <see cref="WriteLine"/>, which escapes control characters: summaries, evidence and
/// the URL carry values from the environment and the server, and a newline or ESC in them must not forge a line.
/// </summary>
internal static class TextReportWriter
{
    public static void Write(TextWriter output, CheckReport report)
    {
        WriteLine(output, $"promscale-launcher check: Promscale {report.PromscaleVersion}, database {report.MaskedDatabaseUrl ?? "(not configured)"}");
        foreach (var check in report.Checks)
        {
            WriteLine(output, $"  {Label(check.Status),-4}  {check.Id,-20} {check.Summary}");
            if (check.Evidence.Count > 0)
            {
                WriteLine(output, $"        {"",-20} evidence: {string.Join(" ", check.Evidence.Select(pair => $"{pair.Key}={Quote(pair.Value)}"))}");
            }
            if (check.Fix is not null && check.Status != CheckStatus.Ok)
            {
                WriteLine(output, $"        {"",-20} fix: {check.Fix}");
            }
        }
        WriteLine(output, report.SummaryLine);
    }

    private static void WriteLine(TextWriter output, string line)
    {
        output.Write(ControlCharacterEscaping.Escape(line));
        output.Write('\n');
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
