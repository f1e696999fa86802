namespace PromscaleLauncher.Reporting;

/// <summary>Where and how `check` prints its report: stdout, as text for people or (`--json`) one JSON document.</summary>
internal sealed record CheckOutput(bool Json)
{
    public void Write(CheckReport report)
    {
        if (Json)
        {
            using var stdout = Console.OpenStandardOutput();
            JsonReportWriter.Write(stdout, report);
        }
        else
        {
            TextReportWriter.Write(Console.Out, report);
        }
    }
}
