using System.Net;
using System.Net.Sockets;
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
/// serving, shutdown — each step with the emulated version's output and exit code (contract §1, §4, §6).
/// </summary>
internal static class FakePromscaleProcess
{
    public static async Task<int> RunAsync(string[] args)
    {
        var startedAt = DateTimeOffset.UtcNow;
        Func<string, string?> environment = Environment.GetEnvironmentVariable;
        var knobs = FakeKnobs.FromEnvironment(environment);
        if (!PromscaleVersion.TryParse(knobs.Version, out var version))
        {
            StandardStreams.WriteError($"fake-promscale: unsupported FAKE_PROMSCALE_VERSION={knobs.Version} (expected 0.10.x to 0.17.x)\n");
            return ExitCodes.FakeMisuse;
        }

        // Before anything else, so .NET's own SIGTERM/SIGINT handling never runs (contract §6.1).
        using var signals = new SignalCoordinator(version, knobs.IgnoreSignals);
        GrandchildSpawner.Spawn(knobs);
        StandardStreams.WriteError(AutomaxprocsBanner.Line(DateTimeOffset.Now));

        var loggingEnabled = !(GoSyntax.TryParseBool(environment("PROMSCALE_LOGGING") ?? string.Empty, out var logging) && !logging);
        var bootstrapLog = PromscaleLogger.Bootstrap(loggingEnabled, TimeProvider.System);

        // runner.ParseArgs: "-version" anywhere (arg[1:] == "version") prints the bare version and exits 0;
        // an empty argument panics on the slice (contract §1.4).
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
        return await RunPromscaleAsync(version, settings, knobs, signals, log, startedAt);
    }

    private static async Task<int> RunPromscaleAsync(PromscaleVersion version, PromscaleSettings settings, FakeKnobs knobs, SignalCoordinator signals, PromscaleLogger log, DateTimeOffset startedAt)
    {
        log.Info(version.IsLegacy ? "runner.go:67" : "runner.go:86", ("msg", version.InfoLine));
        log.Info(version.IsLegacy ? "runner.go:69" : "runner.go:91", ("config", ConfigLine.For(version, settings)));
        if (settings.ReadOnly)
        {
            log.Info("runner.go:94", ("msg", "Migrations disabled for read-only mode"));
        }

        PromscaleClient? client;
        try
        {
            client = knobs.SkipDatabase
                ? null
                : await new DatabaseStartup(version, settings, new PgConnector(PgxConnectionConfig.Parse(ConnectionString.For(settings), Environment.GetEnvironmentVariable)), log, knobs).RunAsync(CancellationToken.None);
            if (client is null && !knobs.SkipDatabase)
            {
                // startup.only finished its migration.
                return ExitCodes.Success;
            }
        }
        catch (Exception ex) when (ex is StartupFailure or FormatException or PgxException)
        {
            log.Error(version.IsLegacy ? "runner.go:101" : "runner.go:127", ("msg", "aborting startup due to error"), ("err", ex.Message));
            return ExitCodes.Failure;
        }

        await using (client)
        {
            if (settings.StartupOnly)
            {
                log.Info("runner.go:133", ("msg", "Promscale in startup-only mode (using flag `-startup.only`), exiting post startup..."));
                return ExitCodes.Success;
            }

            if (settings.TlsCertFile.Length > 0)
            {
                // Promscale would serve HTTPS with these files; the fake only validates the pair (contract §2.3).
                StandardStreams.WriteError("fake-promscale: serving TLS (auth.tls-cert-file) is not emulated\n");
                return ExitCodes.FakeMisuse;
            }

            if (knobs.PauseBeforeServing is { } pause)
            {
                await Task.Delay(pause);
            }

            var statistics = new IngestStatistics();
            var router = new RequestRouter(version, settings, client, statistics, log, startedAt);
            await using var server = new PromscaleHttpServer();
            return version.IsLegacy
                ? await ServeLegacyAsync(settings, knobs, log, server, router)
                : await ServeAsync(version, settings, knobs, signals, log, server, router);
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

    /// <summary>0.11+: the oklog/run group; SIGINT stops every actor in order, then the client is closed.</summary>
    private static async Task<int> ServeAsync(PromscaleVersion version, PromscaleSettings settings, FakeKnobs knobs, SignalCoordinator signals, PromscaleLogger log, PromscaleHttpServer server, RequestRouter router)
    {
        var rulesManager = !settings.ReadOnly && version.Minor >= 12;
        var vacuum = version.HasVacuumEngine && !settings.VacuumDisabled;
        if (version.Minor >= 15)
        {
            log.Info("runner.go:252", ("msg", settings.StreamingSpanWriter ? "Jaeger StreamingSpanWriter is enabled" : "Jaeger StreamingSpanWriter is disabled"));
        }

        if (vacuum)
        {
            log.Info("runner.go:289", ("msg", "Starting vacuum engine"));
        }

        if (rulesManager)
        {
            log.Info("runner.go:173", ("msg", "Started Rule-Manager"));
        }

        string? failure = null;
        TcpListener? grpc = null;
        if (knobs.BindGrpcListener)
        {
            try
            {
                grpc = BindGrpc(settings.GrpcListenAddress);
            }
            catch (Exception ex) when (ex is ListenFailure or FormatException)
            {
                log.Error("runner.go:270", ("msg", $"Failed creating server listener for {(version.Minor >= 14 ? "Jaeger and OTEL traces" : "OTLP GRPC")}"), ("err", ex.Message));
                failure = ex.Message;
            }
        }

        if (failure is null)
        {
            log.Info("runner.go:273", ("msg", $"Started {version.GrpcServerName}"), ("listening-port", settings.GrpcListenAddress));
            log.Info("runner.go:310", ("msg", "Started Prometheus remote-storage HTTP server"), ("listening-port", settings.ListenAddress));
            try
            {
                await server.StartAsync(ListenAddress.Parse(settings.ListenAddress), new PromscaleHttpApplication(router), CancellationToken.None);
            }
            catch (Exception ex) when (ex is ListenFailure or FormatException)
            {
                failure = ex.Message;
            }
        }

        if (failure is null)
        {
            signals.StartHandling(() => Reload(version, settings, log));
            AfterReady(knobs, log);
            await signals.Interrupted;
        }

        // run.Group: every actor's interrupt, in the order the actors were added.
        if (rulesManager)
        {
            log.Info("runner.go:177", ("msg", "Stopping Rule-Manager"));
        }

        log.Info("runner.go:277", ("msg", $"Stopping {version.GrpcServerName}"));
        grpc?.Stop();
        if (vacuum)
        {
            log.Info("runner.go:293", ("msg", "Stopping vacuum engine"));
        }

        log.Info("runner.go:320", ("msg", "Stopping Prometheus remote-storage HTTP server"));
        await server.StopAsync();
        if (failure is not null)
        {
            log.Error("runner.go:355", ("msg", "Execution failure, stopping Promscale"), ("err", failure));
            return ExitCodes.Failure;
        }

        return ExitCodes.Success;
    }

    /// <summary>SIGHUP while serving (0.12+): reload the (absent) rules; read-only 0.13+ has no reloader and panics.</summary>
    private static void Reload(PromscaleVersion version, PromscaleSettings settings, PromscaleLogger log)
    {
        if (settings.ReadOnly && version.PanicsOnSighupWhenReadOnly)
        {
            StandardStreams.WriteError("panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]\n\ngoroutine 1 [running]:\ngithub.com/timescale/promscale/pkg/runner.Run.func11()\n");
            NativeMethods._exit(ExitCodes.Panic);
        }

        log.Debug("runner.go:345", ("msg", "success reloading rules"));
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

    private static TcpListener BindGrpc(string address)
    {
        var parsed = ListenAddress.Parse(address);
        var listener = parsed.Address is null ? new TcpListener(IPAddress.IPv6Any, parsed.Port) : new TcpListener(parsed.Address, parsed.Port);
        if (parsed.Address is null)
        {
            listener.Server.DualMode = true;
        }

        try
        {
            listener.Start();
        }
        catch (SocketException ex)
        {
            throw new ListenFailure($"listen tcp {parsed.Display}: bind: {(ex.SocketErrorCode == SocketError.AddressAlreadyInUse ? "address already in use" : ex.Message)}");
        }

        _ = AcceptAndDropAsync(listener);
        return listener;
    }

    private static async Task AcceptAndDropAsync(TcpListener listener)
    {
        try
        {
            while (true)
            {
                using var socket = await listener.AcceptSocketAsync();
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
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
