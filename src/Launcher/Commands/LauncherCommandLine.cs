using System.CommandLine;
using System.Reflection;
using PromscaleLauncher.Export;
using PromscaleLauncher.Logging.Formatting;

namespace PromscaleLauncher.Commands;

/// <summary>
/// promscale-launcher [check [--json] | maintenance | export --target URL …] [--version] [--help]. Parse errors exit 64 (EX_USAGE) with one line
/// on stderr; System.CommandLine's own signal handling is off, since the launcher owns SIGTERM/SIGINT.
/// </summary>
internal static class LauncherCommandLine
{
    public static async Task<int> InvokeAsync(string[] args, Func<Task<int>> run, Func<bool, Task<int>> check, Func<Task<int>> maintenance,
        Func<ExportArguments, Task<int>> export)
    {
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (for machines) instead of text." };
        var checkCommand = new Command("check",
            "Check the configuration and the database without starting Promscale. Exit 0 when Promscale could start, otherwise the exit code of the first blocking problem.")
        {
            json,
        };
        checkCommand.SetAction((parseResult, _) => check(parseResult.GetValue(json)));
        var maintenanceCommand = new Command("maintenance",
            "Run one pass of Promscale's maintenance (CALL prom_api.execute_maintenance(): retention) and exit: 0 done, 75 another runner holds the lock. For cron.json or a one-off.");
        maintenanceCommand.SetAction((_, _) => maintenance());

        var exportCommand = ExportCommandLine(export);

        var root = new RootCommand(
            "Checks the database, then runs and supervises Promscale on Scalingo. Configured by environment variables (see README).")
        {
            checkCommand,
            maintenanceCommand,
            exportCommand,
        };
        root.SetAction((_, _) => run());

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await Console.Error.WriteLineAsync(ControlCharacterEscaping.Escape($"promscale-launcher: {error.Message} Run promscale-launcher --help for usage."));
            }
            return ExitCodes.Usage;
        }
        return await parseResult.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
    }

    /// <summary>`export`'s options (docs/export.md). Values are checked by ExportCommand, which names the option and the fix.</summary>
    private static Command ExportCommandLine(Func<ExportArguments, Task<int>> export)
    {
        var target = new Option<string>("--target")
        {
            Description = "The receiver's remote-write URL, e.g. https://victoria.example.com/api/v1/write. Credentials: PROMSCALE_LAUNCHER_EXPORT_USERNAME/_PASSWORD or _BEARER_TOKEN, never in the URL.",
            Required = true,
        };
        var start = new Option<string>("--start") { Description = "Oldest sample to export: RFC 3339 (2026-01-31T00:00:00Z) or an age (90d). Default: each metric's first sample." };
        var end = new Option<string>("--end") { Description = "Export samples before this time: RFC 3339 or an age. Default: now." };
        var metric = new Option<string[]>("--metric") { Description = "Export only this metric (repeatable). Default: every metric.", AllowMultipleArgumentsPerToken = false };
        var window = new Option<string>("--window") { Description = "Time slice sent, recorded and verified as a unit, oldest first. Default: 1d." };
        var batchSamples = new Option<int?>("--batch-samples") { Description = $"Samples per request (default {ExportOptions.DefaultBatchSamples}; a request also stays under {ExportOptions.MaxRequestBytes / 1024 / 1024} MiB before compression)." };
        var concurrency = new Option<int?>("--concurrency") { Description = $"Windows sent at a time (default {ExportOptions.DefaultConcurrency})." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Count the samples per metric and window; send nothing, write nothing." };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted export to the same target; acknowledged samples are not sent again." };
        var verify = new Option<bool>("--verify") { Description = "After sending, compare each window's sample count with the receiver's count_over_time; exit 65 on a difference." };
        var command = new Command("export",
            "Read Promscale's samples straight from its tables and send them to a Prometheus remote-write receiver (VictoriaMetrics, Prometheus, Mimir, Thanos). Works without Promscale, on PostgreSQL 14 and 15. See docs/export.md.")
        {
            target, start, end, metric, window, batchSamples, concurrency, dryRun, resume, verify,
        };
        command.SetAction((parseResult, _) => export(new ExportArguments(
            parseResult.GetValue(target)!,
            parseResult.GetValue(start),
            parseResult.GetValue(end),
            parseResult.GetValue(metric) ?? [],
            parseResult.GetValue(window),
            parseResult.GetValue(batchSamples),
            parseResult.GetValue(concurrency),
            parseResult.GetValue(dryRun),
            parseResult.GetValue(resume),
            parseResult.GetValue(verify))));
        return command;
    }

    public static string Version =>
        typeof(LauncherCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";
}
