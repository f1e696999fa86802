using System.Runtime.InteropServices;

namespace PromscaleLauncher.Interop;

/// <summary>The few libc calls .NET has no API for: spawning Promscale with its own signal dispositions and
/// process group, waiting for it without reaping, signals to a pid or group, exec permission, sub-reaping,
/// reaping by pid, giving freed heap and clean file pages back, the native environment OpenSSL reads.</summary>
internal static partial class NativeMethods
{
    public const int ExecuteAccess = 1; // X_OK
    public const int SetChildSubreaper = 36; // PR_SET_CHILD_SUBREAPER
    public const int NoHang = 1; // WNOHANG
    public const int Interrupted = 4; // EINTR
    public const int NoSuchProcess = 3; // ESRCH
    public const int CloseOnExec = 0x80000; // O_CLOEXEC
    public const int ReadOnly = 0; // O_RDONLY
    public const int IdTypePid = 1; // P_PID
    public const int WaitExited = 4; // WEXITED
    public const int WaitNoWait = 0x01000000; // WNOWAIT: leaves the child a zombie, so its pid stays ours
    public const int PageOut = 21; // MADV_PAGEOUT (Linux >= 5.4)
    public const short SpawnSetProcessGroup = 0x02; // POSIX_SPAWN_SETPGROUP
    public const short SpawnSetSignalDefault = 0x04; // POSIX_SPAWN_SETSIGDEF
    public const short SpawnSetSignalMask = 0x08; // POSIX_SPAWN_SETSIGMASK

    // Opaque glibc types, allocated larger than any libc's (x86_64 glibc: 80, 336, 128 bytes; siginfo_t: 128).
    public const int SpawnFileActionsBytes = 256;
    public const int SpawnAttributesBytes = 1024;
    public const int SignalSetBytes = 128;
    public const int SignalInfoBytes = 128;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int kill(int pid, int signal);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int access(string path, int mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int prctl(int option, nuint argument2, nuint argument3, nuint argument4, nuint argument5);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int waitpid(int pid, out int status, int options);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial int waitid(int idType, int id, void* signalInfo, int options);

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    public static partial int malloc_trim(nuint pad);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int madvise(nint address, nuint length, int advice);

    // The native environment: what getenv in native code (OpenSSL, .NET's native crypto shim) reads. The managed
    // Environment.SetEnvironmentVariable only changes .NET's own copy.
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int setenv(string name, string value, int overwrite);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial int pipe2(int* fds, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    // posix_spawn and its helpers return an error number instead of setting errno.
    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    public static unsafe partial int posix_spawn_file_actions_init(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    public static unsafe partial int posix_spawn_file_actions_destroy(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    public static unsafe partial int posix_spawn_file_actions_adddup2(void* actions, int fd, int newFd);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int posix_spawn_file_actions_addopen(void* actions, int fd, string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    public static unsafe partial int posix_spawnattr_init(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    public static unsafe partial int posix_spawnattr_destroy(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    public static unsafe partial int posix_spawnattr_setflags(void* attributes, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    public static unsafe partial int posix_spawnattr_setsigdefault(void* attributes, void* signals);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    public static unsafe partial int posix_spawnattr_setsigmask(void* attributes, void* signals);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setpgroup")]
    public static unsafe partial int posix_spawnattr_setpgroup(void* attributes, int processGroup);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int posix_spawn(out int pid, string path, void* fileActions, void* attributes, byte** argv, byte** envp);
}
