using System.Text.Json;
using PromscaleLauncher.Diagnostics;

namespace PromscaleLauncher.Reporting;

/// <summary>`check --json`: the same report for machines, written without reflection (Native AOT).</summary>
internal static class JsonReportWriter
{
    public static void Write(Stream output, CheckReport report)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("promscaleVersion", report.PromscaleVersion);
        json.WriteString("database", report.MaskedDatabaseUrl);
        json.WriteBoolean("canStart", report.CanStart);
        json.WriteNumber("exitCode", report.ExitCode);
        json.WriteStartObject("counts");
        json.WriteNumber("ok", report.Count(CheckStatus.Ok));
        json.WriteNumber("warn", report.Count(CheckStatus.Warn));
        json.WriteNumber("fail", report.Count(CheckStatus.Fail));
        json.WriteEndObject();
        json.WriteStartArray("checks");
        foreach (var check in report.Checks)
        {
            json.WriteStartObject();
            json.WriteString("id", check.Id);
            json.WriteString("status", check.Status.ToString().ToLowerInvariant());
            json.WriteString("summary", check.Summary);
            if (check.Fix is not null)
            {
                json.WriteString("fix", check.Fix);
            }
            if (check.Status == CheckStatus.Fail)
            {
                json.WriteNumber("exitCode", check.ExitCode);
            }
            json.WriteStartObject("evidence");
            foreach (var (key, value) in check.Evidence)
            {
                json.WriteString(key, value);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteString("summary", report.SummaryLine);
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }
}
