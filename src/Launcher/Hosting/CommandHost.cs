using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Signals;
using Serilog;

namespace PromscaleLauncher.Hosting;

/// <summary>
/// Runs one command in the generic host: services registered once, the signal lifetime as the host's lifetime,
/// logging through ILogger with Serilog as the provider, and the command's exit code as the result.
/// </summary>
internal sealed class CommandHost(SignalLifetime signals, StartupEnvironment environment, LauncherStartTime startTime,
    Serilog.ILogger serilog)
{
    public async Task<int> RunAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TCommand>(
        Action<IServiceCollection>? addOptions = null)
        where TCommand : class, ILauncherCommand
    {
        // The empty builder: no appsettings, no environment-variable configuration, no console lifetime.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSerilog(serilog, dispose: false);
        builder.Services.AddSingleton(serilog);
        builder.Services.AddSingleton(signals);
        builder.Services.AddSingleton<IHostLifetime>(services =>
        {
            signals.StopApplicationOnSignal(services.GetRequiredService<IHostApplicationLifetime>());
            return signals;
        });
        // The command's own stop sequence is bounded (the supervisor's SIGKILL): the host waits for it.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton(environment);
        builder.Services.AddSingleton(startTime);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Preflight.PreflightPipeline>();
        addOptions?.Invoke(builder.Services);
        builder.Services.AddSingleton<ILauncherCommand, TCommand>();
        builder.Services.AddSingleton<CommandService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CommandService>());

        using var host = builder.Build();
        var command = host.Services.GetRequiredService<CommandService>();
        await host.RunAsync();
        return await command.ExitCode;
    }
}
