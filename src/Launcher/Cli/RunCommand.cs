using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Hosting;
using Serilog;
using LauncherLog = PromscaleLauncher.Logging.Log;

namespace PromscaleLauncher.Cli;

/// <summary>`promscale-launcher` with no command: the Procfile `web` process, run as a generic host.</summary>
internal sealed class RunCommand(IReadOnlyDictionary<string, string> environment, ShutdownSignals signals, LauncherStartTime startTime, Microsoft.Extensions.Logging.ILogger logger)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var configuration = SettingsReader.Read(environment);
        var version = configuration.Settings?.PromscaleVersion.ToString() ?? environment.GetValueOrDefault(EnvironmentVariableNames.PromscaleVersion) ?? "0.10.0";
        LauncherLog.Starting(logger, LauncherCommandLine.Version, version);
        PreflightLogger.Log(logger, configuration);
        if (!configuration.IsValid || configuration.Settings is not { } settings)
        {
            return ExitCodes.Configuration;
        }

        // Before the host: the version probe and the database connection need nothing from it, and the host's
        // start-up then overlaps with them instead of delaying Promscale (docs/benchmarks.md).
        var preflight = PreflightRun.Start(settings, environment, TimeProvider.System, logger, signals.StopRequested);
        var exitCode = new ExitCodeHolder();
        // The empty builder: no appsettings, no environment-variable configuration, no console lifetime.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSerilog(Log.Logger, dispose: false);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(preflight);
        builder.Services.AddSingleton(new EnvironmentSnapshot(environment));
        builder.Services.AddSingleton(startTime);
        builder.Services.AddSingleton(signals);
        builder.Services.AddSingleton(exitCode);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IHostLifetime, LauncherHostLifetime>();
        builder.Services.AddHostedService<LauncherService>();
        using var host = builder.Build();
        await host.RunAsync(cancellationToken);
        return exitCode.ExitCode;
    }
}
