using Microsoft.Extensions.Hosting;

namespace PromscaleLauncher.Hosting;

/// <summary>
/// Replaces the host's ConsoleLifetime, which would call StopApplication() on SIGTERM/SIGINT and race the
/// launcher's own stop sequence. Signals are handled by <see cref="ShutdownSignals"/>; the host stops when
/// <see cref="LauncherService"/> has finished, never before.
/// </summary>
internal sealed class LauncherHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
