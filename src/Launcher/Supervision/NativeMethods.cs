using System.Runtime.InteropServices;

namespace PromscaleLauncher.Supervision;

/// <summary>The few libc calls .NET has no API for: signals to a pid, exec permission, sub-reaping,
/// reaping by pid, giving freed heap back.</summary>
internal static partial class NativeMethods
{
    public const int ExecuteAccess = 1; // X_OK
    public const int SetChildSubreaper = 36; // PR_SET_CHILD_SUBREAPER
    public const int NoHang = 1; // WNOHANG

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Access(string path, int mode);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    public static partial int Prctl(int option, nuint argument2, nuint argument3, nuint argument4, nuint argument5);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    public static partial int WaitPid(int pid, out int status, int options);

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    public static partial int MallocTrim(nuint pad);
}
