using System.Text;
using PromscaleLauncher.FakePromscale.Database;
using PromscaleLauncher.FakePromscale.Flags;
using PromscaleLauncher.FakePromscale.Http;
using PromscaleLauncher.FakePromscale.Logging;
using PromscaleLauncher.FakePromscale.Scenario;
using PromscaleLauncher.FakePromscale.Signals;
using PromscaleLauncher.FakePromscale.Versions;

namespace PromscaleLauncher.FakePromscale;

/// <summary>
/// <c>cmd/promscale/main.go</c> then <c>runner.Run</c>: argument pre-scan, flags, logger, database start-up,
/// serving, shutdown — each step with the emulated version's output and exit code (docs/promscale.md §1, §4, §6).
/// </summary>
internal static class FakePromscaleProcess
{
    public static async Task<int> RunAsync(string[] args)
    {
        Func<string, string?> environment = Environment.GetEnvironmentVariable;
        var knobs = FakeKnobs.FromEnvironment(environment);
        if (PromscaleVersion.Parse(knobs.Version) is not { } version)
        {
            StandardStreams.WriteError($"fake-promscale: unsupported FAKE_PROMSCALE_VERSION={knobs.Version} (expected 0.10.0 or 0.17.0)\n");
            return ExitCodes.FakeMisuse;
        }

        // Before anything else, so .NET's own SIGTERM/SIGINT handling never runs (docs/promscale.md §6.1).
        using var signals = new SignalCoordinator(version, knobs.IgnoreSignals);
        GrandchildSpawner.Spawn(knobs);
        StandardStreams.WriteError(AutomaxprocsBanner.Line(DateTimeOffset.Now));

        var loggingEnabled = !(GoSyntax.TryParseBool(environment("PROMSCALE_LOGGING") ?? string.Empty, out var logging) && !logging);
        var bootstrapLog = PromscaleLogger.Bootstrap(loggingEnabled, TimeProvider.System);

        // runner.ParseArgs: "-version" anywhere (arg[1:] == "version") prints the bare version and exits 0;
        // an empty argument panics on the slice (docs/promscale.md §1.4).
        var printedVersion = false;
        foreach (var arg in args)
        {
            if (arg.Length == 0)
            {
                StandardStreams.WriteError("panic: runtime error: slice bounds out of range [1:0]\n\ngoroutine 1 [running]:\ngithub.com/timescale/promscale/pkg/runner.ParseArgs(...)\n\t/home/runner/work/promscale/promscale/pkg/runner/args.go:17\nmain.main()\n\t/home/runner/work/promscale/promscale/cmd/promscale/main.go:20 +0x1d\n");
                return ExitCodes.Panic;
            }

            if (arg[1..] == "version")
            {
                StandardStreams.WriteOutput(version.Text + "\n");
                printedVersion = true;
            }
        }

        if (printedVersion)
        {
            return ExitCodes.Success;
        }

        PromscaleSettings settings;
        try
        {
            settings = new PromscaleConfigurationParser(version, ProgramName(), environment, bootstrapLog).Parse(args);
        }
        catch (ConfigurationException ex)
        {
            if (version.IsLegacy)
            {
                StandardStreams.WriteOutput($"Version:  {version.Text} Commit Hash:  {version.CommitHash}\nFatal error: cannot parse flags:  {ex.Message}\n");
            }
            else
            {
                bootstrapLog.Info("main.go:26", ("msg", version.InfoLine));
                bootstrapLog.Error("main.go:27", ("msg", "cannot parse flags"), ("err", ex.Message));
            }

            return ExitCodes.Failure;
        }

        var loggerError = settings.LogLevel is "debug" or "info" or "warn" or "error"
            ? settings.LogFormat is "logfmt" or "json" ? null : $"unrecognized log format {settings.LogFormat}"
            : $"unrecognized log level {GoSyntax.Quote(settings.LogLevel)}";
        if (loggerError is not null)
        {
            if (version.IsLegacy)
            {
                StandardStreams.WriteOutput($"Version:  {version.Text} Commit Hash:  {version.CommitHash}\nFatal error: cannot start logger {loggerError}\n");
            }
            else
            {
                StandardStreams.WriteOutput(version.InfoLine + "\n");
                bootstrapLog.Error("main.go:32", ("msg", "cannot start logger"), ("err", loggerError));
            }

            return ExitCodes.Failure;
        }

        var log = new PromscaleLogger(ParseLevel(settings.LogLevel), settings.LogFormat == "json" ? LogFormat.Json : LogFormat.Logfmt, loggingEnabled, TimeProvider.System);
        return await RunPromscaleAsync(version, settings, knobs, signals, log);
    }

    private static async Task<int> RunPromscaleAsync(PromscaleVersion version, PromscaleSettings settings, FakeKnobs knobs, SignalCoordinator signals, PromscaleLogger log)
    {
        log.Info(version.IsLegacy ? "runner.go:67" : "runner.go:86", ("msg", version.InfoLine));
        log.Info(version.IsLegacy ? "runner.go:69" : "runner.go:91", ("config", ConfigLine.For(version, settings)));
        PromscaleClient? client;
        try
        {
            client = knobs.SkipDatabase
                ? null
                : await new DatabaseStartup(version, settings, new PgConnector(PgxConnectionConfig.Parse(ConnectionString.For(settings), Environment.GetEnvironmentVariable)), log).RunAsync(CancellationToken.None);
            if (client is null && !knobs.SkipDatabase)
            {
                // -migrate=only (0.10) or startup.only (0.11+) finished its migration.
                return ExitCodes.Success;
            }
        }
        catch (Exception ex) when (ex is StartupFailure or FormatException or PgxException)
        {
            log.Error(version.IsLegacy ? "runner.go:101" : "runner.go:127", ("msg", "aborting startup due to error"), ("err", ex.Message));
            return ExitCodes.Failure;
        }

        if (client is not null)
        {
            client.StayBrokenAfterConnectionLoss(knobs.StaysBrokenAfterConnectionLoss ?? version.IsLegacy);
            if (knobs.ConnectionLostAfterUses is { } uses)
            {
                client.Reader.LoseConnectionAfter(uses);
            }
        }

        await using (client)
        {
            if (settings.StartupOnly)
            {
                log.Info("runner.go:133", ("msg", "Promscale in startup-only mode (using flag `-startup.only`), exiting post startup..."));
                return ExitCodes.Success;
            }

            if (knobs.PauseBeforeServing is { } pause)
            {
                await Task.Delay(pause);
            }

            var router = new RequestRouter(version, settings, client, log);
            await using var server = new PromscaleHttpServer();
            return version.IsLegacy
                ? await ServeLegacyAsync(settings, knobs, log, server, router)
                : await ServeAsync(settings, knobs, signals, log, server, router);
        }
    }

    /// <summary>0.10: two lines, then listen; no signal handling at all.</summary>
    private static async Task<int> ServeLegacyAsync(PromscaleSettings settings, FakeKnobs knobs, PromscaleLogger log, PromscaleHttpServer server, RequestRouter router)
    {
        log.Info("runner.go:122", ("msg", "Starting up..."));
        log.Info("runner.go:123", ("msg", "Listening"), ("addr", settings.ListenAddress));
        try
        {
            await server.StartAsync(ListenAddress.Parse(settings.ListenAddress), new PromscaleHttpApplication(router), CancellationToken.None);
        }
        catch (Exception ex) when (ex is ListenFailure or FormatException)
        {
            log.Error("runner.go:126", ("msg", "Listen failure"), ("err", ex.Message));
            return ExitCodes.Failure;
        }

        AfterReady(knobs, log);
        await Task.Delay(Timeout.Infinite);
        return ExitCodes.Success;
    }

    /// <summary>0.17: the oklog/run group; SIGINT stops every actor in order, then the client is closed.</summary>
    private static async Task<int> ServeAsync(PromscaleSettings settings, FakeKnobs knobs, SignalCoordinator signals, PromscaleLogger log, PromscaleHttpServer server, RequestRouter router)
    {
        const string Grpc = "GRPC server for Jaeger and OTEL traces";
        log.Info("runner.go:252", ("msg", "Jaeger StreamingSpanWriter is enabled"));
        log.Info("runner.go:289", ("msg", "Starting vacuum engine"));
        log.Info("runner.go:173", ("msg", "Started Rule-Manager"));

        // The gRPC listener (tracing.grpc.server-address) is not bound, so parallel tests do not fight over :9202.
        log.Info("runner.go:273", ("msg", $"Started {Grpc}"), ("listening-port", ":9202"));
        log.Info("runner.go:310", ("msg", "Started Prometheus remote-storage HTTP server"), ("listening-port", settings.ListenAddress));
        string? failure = null;
        try
        {
            await server.StartAsync(ListenAddress.Parse(settings.ListenAddress), new PromscaleHttpApplication(router), CancellationToken.None);
        }
        catch (Exception ex) when (ex is ListenFailure or FormatException)
        {
            failure = ex.Message;
        }

        if (failure is null)
        {
            signals.StartHandling(() => log.Debug("runner.go:345", ("msg", "success reloading rules")));
            AfterReady(knobs, log);
            await signals.Interrupted;
        }

        // run.Group: every actor's interrupt, in the order the actors were added.
        log.Info("runner.go:177", ("msg", "Stopping Rule-Manager"));

        log.Info("runner.go:277", ("msg", $"Stopping {Grpc}"));
        log.Info("runner.go:293", ("msg", "Stopping vacuum engine"));
        log.Info("runner.go:320", ("msg", "Stopping Prometheus remote-storage HTTP server"));
        await server.StopAsync();
        if (failure is not null)
        {
            log.Error("runner.go:355", ("msg", "Execution failure, stopping Promscale"), ("err", failure));
            return ExitCodes.Failure;
        }

        return ExitCodes.Success;
    }

    private static void AfterReady(FakeKnobs knobs, PromscaleLogger log)
    {
        LogBurst.Write(knobs, log);
        if (knobs.ExitAfterReadySignal is { } signal)
        {
            ProcessSignals.DieBy(signal);
        }

        if (knobs.ExitAfterReadyCode is { } code)
        {
            Environment.Exit(code);
        }
    }

    private static LogLevel ParseLevel(string text) => text switch
    {
        "debug" => LogLevel.Debug,
        "warn" => LogLevel.Warn,
        "error" => LogLevel.Error,
        _ => LogLevel.Info,
    };

    /// <summary><c>os.Args[0]</c> as exec'd (the FlagSet name): the apphost path, not the .NET dll.</summary>
    private static string ProgramName()
    {
        try
        {
            var commandLine = File.ReadAllBytes("/proc/self/cmdline");
            var end = Array.IndexOf(commandLine, (byte)0);
            var first = Encoding.UTF8.GetString(commandLine, 0, end < 0 ? commandLine.Length : end);
            if (first.Length > 0 && !Path.GetFileName(first).Equals("dotnet", StringComparison.Ordinal))
            {
                return first;
            }
        }
        catch (IOException)
        {
        }

        return Environment.GetCommandLineArgs()[0];
    }
}
