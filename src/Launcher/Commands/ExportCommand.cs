using System.Globalization;
using Microsoft.Extensions.Logging;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Database;
using PromscaleLauncher.Export;
using PromscaleLauncher.Hosting;
using PromscaleLauncher.Reporting;
using PromscaleLauncher.Signals;
using LauncherLog = PromscaleLauncher.Logging.Log;

namespace PromscaleLauncher.Commands;

/// <summary>
/// `promscale-launcher export --target URL …` (docs/export.md): options → settings (the database only: no Promscale
/// binary, no PROMSCALE_WEB_AUTH_*) → connect (with the preflight's retry) → <see cref="ExportRunner"/> → exit code.
/// A first SIGTERM lets the request in flight finish and be recorded, then exits 143.
/// </summary>
internal sealed class ExportCommand(ExportArguments arguments, StartupEnvironment environment, SignalLifetime signals, TimeProvider timeProvider,
    ILogger<ExportCommand> logger) : ILauncherCommand
{
    /// <summary>How long 5xx/429/network errors are retried before the export gives up (PROMSCALE_LAUNCHER_EXPORT_RETRY_TIMEOUT).</summary>
    public static readonly TimeSpan DefaultRetryBudget = TimeSpan.FromMinutes(5);

    public async Task<int> RunAsync(CancellationToken stopping)
    {
        // 1. Options, then the database settings, every problem reported.
        if (Parse() is not { } options)
        {
            return ExitCodes.Usage;
        }
        if (ReadRetryBudget() is not { } retryBudget)
        {
            return ExitCodes.Configuration;
        }
        var configuration = SettingsReader.ReadForDatabaseOnly(environment.Variables);
        PreflightLog.Configuration(logger, configuration);
        if (!configuration.IsValid || configuration.Settings is not { } settings)
        {
            return ExitCodes.Configuration;
        }

        // 2. Connect as the preflight does (PROMSCALE_LAUNCHER_DB_WAIT, TLS rules).
        UnverifiedTlsTrustStore.SkipLoadingWhenUnverified(settings.SslMode);
        await using var dataSource = ExportDataSource.Create(settings, options.Concurrency);
        using var http = RemoteWriteClient.CreateHttpClient(options.Concurrency);
        try
        {
            var connected = await new DatabaseConnector(settings, timeProvider, logger).ConnectAsync(dataSource, stopping);
            if (connected.Connection is not { } connection)
            {
                var failure = connected.Failure!;
                LauncherLog.ExportFailed(logger, failure.Reason, failure.SqlState ?? "none", "check SCALINGO_POSTGRESQL_URL (or DATABASE_URL) and that the database is up");
                return failure.ExitCode;
            }
            await using (connection)
            {
                var code = await new ExportRunner(options, dataSource, http, LauncherCommandLine.Version, retryBudget, timeProvider, logger)
                    .RunAsync(connection, () => signals.ReceivedSignalName, stopping, signals.ForceRequested);
                return code == ExportRunner.Interrupted ? ExitCodes.FromSignal(signals.ReceivedSignal) : code;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            LauncherLog.ExportInterrupted(logger, signals.ReceivedSignalName, 0, 0, 0);
            return ExitCodes.FromSignal(signals.ReceivedSignal);
        }
        catch (Npgsql.PostgresException exception)
        {
            LauncherLog.ExportFailed(logger, exception.MessageText, exception.SqlState,
                exception.SqlState == "42501" ? "grant the role SELECT on Promscale's schemas (prom_data, prom_data_series, _prom_catalog), or export as the database owner" : "see the message; the export can be continued with --resume");
            return exception.SqlState == "42501" ? ExitCodes.PermissionDenied : ExitCodes.DatabaseIncompatible;
        }
        catch (Npgsql.NpgsqlException exception) when (!stopping.IsCancellationRequested)
        {
            LauncherLog.ExportFailed(logger, exception.Message.ReplaceLineEndings(" "), "none", "the connection to the database was lost: run the same command with --resume");
            return ExitCodes.DatabaseUnavailable;
        }
    }

    private ExportOptions? Parse()
    {
        var now = timeProvider.GetUtcNow();
        bool Invalid(string option, string problem, string fix)
        {
            LauncherLog.ExportInvalidOption(logger, option, problem, fix);
            return false;
        }
        var valid = true;
        if (!ExportTarget.TryParse(arguments.Target, environment.Variables, out var target, out var targetProblem, out var targetFix))
        {
            valid = Invalid(targetProblem.Contains("PROMSCALE_LAUNCHER_EXPORT", StringComparison.Ordinal) ? "receiver credentials" : "--target", targetProblem, targetFix);
        }
        const string timeFix = "give an RFC 3339 time such as 2026-01-31T00:00:00Z or an age such as 90d, 12h, 1w";
        DateTimeOffset? start = null;
        if (arguments.Start is { } startText)
        {
            if (ExportTimeParser.TryParseInstant(startText, now, out var parsed))
            {
                start = parsed;
            }
            else
            {
                valid = Invalid("--start", $"\"{Printable(startText)}\" is neither an RFC 3339 time nor a duration.", timeFix);
            }
        }
        var end = now;
        if (arguments.End is { } endText && !ExportTimeParser.TryParseInstant(endText, now, out end))
        {
            valid = Invalid("--end", $"\"{Printable(endText)}\" is neither an RFC 3339 time nor a duration.", timeFix);
        }
        if (start is { } s && s >= end)
        {
            valid = Invalid("--start", $"{ExportTimeParser.Format(s)} is not before --end ({ExportTimeParser.Format(end)}).", "give a --start before --end");
        }
        var window = ExportOptions.DefaultWindow;
        if (arguments.Window is { } windowText && (!ExportTimeParser.TryParseDuration(windowText, out window) || window < TimeSpan.FromMinutes(1) || window.Ticks % TimeSpan.TicksPerSecond != 0))
        {
            valid = Invalid("--window", $"\"{Printable(windowText)}\" is not a duration of at least 1m in whole seconds.", "give a duration such as 1d (the default), 6h or 1w");
        }
        var batch = arguments.BatchSamples ?? ExportOptions.DefaultBatchSamples;
        if (batch is < 1 or > 1_000_000)
        {
            valid = Invalid("--batch-samples", $"{batch} is not between 1 and 1000000.", $"give a number of samples per request, e.g. {ExportOptions.DefaultBatchSamples} (the default)");
        }
        var concurrency = arguments.Concurrency ?? ExportOptions.DefaultConcurrency;
        if (concurrency < 1 || concurrency > ExportOptions.MaxConcurrency)
        {
            valid = Invalid("--concurrency", $"{concurrency} is not between 1 and {ExportOptions.MaxConcurrency}.", $"give how many windows to send at a time, e.g. {ExportOptions.DefaultConcurrency} (the default)");
        }
        return valid
            ? new ExportOptions(target!, start, end, arguments.Metrics.Distinct().ToList(), window, batch, concurrency, arguments.DryRun, arguments.Resume, arguments.Verify)
            : null;
    }

    private TimeSpan? ReadRetryBudget()
    {
        if (!environment.Variables.TryGetValue(EnvironmentVariableNames.ExportRetryTimeout, out var text) || text.Length == 0)
        {
            return DefaultRetryBudget;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 86_400)
        {
            return TimeSpan.FromSeconds(seconds);
        }
        LauncherLog.ConfigurationProblem(logger, EnvironmentVariableNames.ExportRetryTimeout, $"\"{Printable(text)}\" is not a number of seconds from 0 to 86400.",
            $"set {EnvironmentVariableNames.ExportRetryTimeout} to how long the export retries an unavailable receiver, e.g. 300 (the default)");
        return null;
    }

    private static string Printable(string text) => Logging.Formatting.ControlCharacterEscaping.Escape(text.Length > 80 ? text[..80] + "…" : text);
}
