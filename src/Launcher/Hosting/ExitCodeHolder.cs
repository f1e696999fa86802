namespace PromscaleLauncher.Hosting;

/// <summary>
/// The process exit code, kept outside the host's services because RunAsync disposes them before Main returns.
/// </summary>
internal sealed class ExitCodeHolder
{
    private int _exitCode = ExitCodes.InternalError;

    public int ExitCode
    {
        get => Volatile.Read(ref _exitCode);
        set => Volatile.Write(ref _exitCode, value);
    }
}
