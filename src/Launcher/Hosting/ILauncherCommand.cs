namespace PromscaleLauncher.Hosting;

/// <summary>One of the launcher's commands (`run`, `check`): its whole flow, ending in the process's exit code.</summary>
internal interface ILauncherCommand
{
    /// <param name="stopping">Cancelled by the first stop signal (through the host's stop).</param>
    public Task<int> RunAsync(CancellationToken stopping);
}
