using System.Runtime.InteropServices;

namespace PromscaleLauncher.Benchmarks.Processes;

internal static partial class NativeMethods
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
