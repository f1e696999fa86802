using System.Runtime.InteropServices;

namespace PromscaleLauncher.FakePromscale.Signals;

/// <summary>libc calls needed to die by a signal, as an unhandled Go signal does (docs/promscale.md §6.1).</summary>
internal static partial class NativeMethods
{
    /// <summary><c>SIG_DFL</c>.</summary>
    public static readonly IntPtr DefaultDisposition = IntPtr.Zero;

    /// <summary><c>SIG_IGN</c>.</summary>
    public static readonly IntPtr IgnoreDisposition = 1;

    [LibraryImport("libc", SetLastError = true)]
    public static partial IntPtr signal(int signum, IntPtr handler);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int kill(int pid, int sig);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int getpid();

    [LibraryImport("libc")]
    public static partial void _exit(int status);
}
