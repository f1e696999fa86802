using Microsoft.Extensions.DependencyInjection;
using PromscaleLauncher;
using PromscaleLauncher.Commands;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Hosting;
using PromscaleLauncher.Logging;
using PromscaleLauncher.Reporting;
using PromscaleLauncher.Signals;
using Serilog.Extensions.Logging;

var startTime = new LauncherStartTime(TimeProvider.System.GetTimestamp());
// Before any handler is registered: what the launcher's parent left ignored or blocked is what Promscale gets.
var inheritedSignals = InheritedSignals.Capture();
// Signals first: a SIGTERM at any later point must be handled by the launcher, not by the runtime.
using var signals = new SignalLifetime();
var environment = StartupEnvironment.FromProcess();
// Logging next (its format is the one setting read before the others): every later problem is an event.
var serilog = LoggingSetup.CreateLogger(SettingsReader.ReadLogFormat(environment.Variables, out _));
using var loggerFactory = new SerilogLoggerFactory(serilog);
var logger = loggerFactory.CreateLogger("PromscaleLauncher");
signals.LogUnhandledSignalsTo(logger);
inheritedSignals.WarnIfStopSignalsIgnored(logger);
try
{
    var host = new CommandHost(signals, environment, startTime, serilog);
    return await LauncherCommandLine.InvokeAsync(
        args,
        run: () => host.RunAsync<RunCommand>(),
        check: json => host.RunAsync<CheckCommand>(services => services.AddSingleton(new CheckOutput(json))),
        maintenance: () => host.RunAsync<MaintenanceCommand>(),
        export: arguments => host.RunAsync<ExportCommand>(services => services.AddSingleton(arguments)));
}
catch (Exception exception)
{
    // A bug outside the command (the command reports its own): the host could not be built or run.
    InternalErrorReport.Log(logger, exception, environment.Secrets);
    return ExitCodes.InternalError;
}
finally
{
    await serilog.DisposeAsync();
}
