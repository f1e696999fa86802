using System.CommandLine;
using System.Reflection;
using PromscaleLauncher.Logging.Formatting;

namespace PromscaleLauncher.Commands;

/// <summary>
/// promscale-launcher [check [--json] | maintenance] [--version] [--help]. Parse errors exit 64 (EX_USAGE) with one line
/// on stderr; System.CommandLine's own signal handling is off, since the launcher owns SIGTERM/SIGINT.
/// </summary>
internal static class LauncherCommandLine
{
    public static async Task<int> InvokeAsync(string[] args, Func<Task<int>> run, Func<bool, Task<int>> check, Func<Task<int>> maintenance)
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

        var root = new RootCommand(
            "Checks the database, then runs and supervises Promscale on Scalingo. Configured by environment variables (see README).")
        {
            checkCommand,
            maintenanceCommand,
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

    public static string Version =>
        typeof(LauncherCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";
}
