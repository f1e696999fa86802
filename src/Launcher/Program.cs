using System.Collections;
using PromscaleLauncher;
using PromscaleLauncher.Cli;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Hosting;
using PromscaleLauncher.Logging;
using Serilog.Extensions.Logging;

var startTime = new LauncherStartTime(TimeProvider.System.GetTimestamp());
// Before any handler is registered: what the launcher's parent left ignored or blocked is what Promscale gets.
var inheritedSignals = InheritedSignals.Capture();
// Signals first: a SIGTERM at any later point must be handled by the launcher, not by the runtime.
using var signals = new ShutdownSignals();
var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
    .ToDictionary(entry => (string)entry.Key, entry => (string?)entry.Value ?? "", StringComparer.Ordinal);
var logFormat = SettingsReader.ReadLogFormat(environment, out _);
Serilog.Log.Logger = PromscaleLauncher.Logging.LoggingSetup.CreateLogger(logFormat);
using var loggerFactory = new SerilogLoggerFactory(Serilog.Log.Logger);
var logger = loggerFactory.CreateLogger("PromscaleLauncher");
signals.LogUnhandledSignalsTo(logger);
inheritedSignals.WarnIfStopSignalsIgnored(logger);
try
{
    return await LauncherCommandLine.InvokeAsync(
        args,
        cancellationToken => new RunCommand(environment, signals, startTime, logger).RunAsync(cancellationToken),
        (json, cancellationToken) => new CheckCommand(environment, signals, logger).RunAsync(json, cancellationToken));
}
catch (Exception exception)
{
    // Everything that may hold a secret: the addon URLs whole (and so their passwords) and the basic-auth password.
    InternalErrorReport.Log(logger, exception, [
        environment.GetValueOrDefault(EnvironmentVariableNames.ScalingoPostgresqlUrl),
        environment.GetValueOrDefault(EnvironmentVariableNames.DatabaseUrl),
        environment.GetValueOrDefault(EnvironmentVariableNames.WebAuthPassword)]);
    return ExitCodes.InternalError;
}
finally
{
    await Serilog.Log.CloseAndFlushAsync();
}
