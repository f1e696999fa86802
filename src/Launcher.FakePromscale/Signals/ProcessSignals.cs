namespace PromscaleLauncher.FakePromscale.Signals;

/// <summary>Linux signal numbers and the "die by this signal" primitive.</summary>
internal static class ProcessSignals
{
    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigSegv = 11;
    public const int SigPipe = 13;
    public const int SigTerm = 15;

    /// <summary>
    /// Restore the default disposition and re-raise, so the parent sees WIFSIGNALED like it would for Go's
    /// default handling of an un-notified signal. Never returns.
    /// </summary>
    public static void DieBy(int signal)
    {
        NativeMethods.signal(signal, NativeMethods.DefaultDisposition);
        NativeMethods.kill(NativeMethods.getpid(), signal);

        // The signal may be blocked on this thread; wait for the kernel to deliver it elsewhere, then give up.
        Thread.Sleep(2000);
        NativeMethods._exit(128 + signal);
    }

    public static int? FromName(string text) => text.ToUpperInvariant() switch
    {
        "SIGHUP" or "HUP" => SigHup,
        "SIGINT" or "INT" => SigInt,
        "SIGKILL" or "KILL" => SigKill,
        "SIGSEGV" or "SEGV" => SigSegv,
        "SIGPIPE" or "PIPE" => SigPipe,
        "SIGTERM" or "TERM" => SigTerm,
        _ => null,
    };
}
