using System.Runtime.InteropServices;

namespace PromscaleLauncher.Logging.Promscale;

/// <summary>
/// The libc calls the output pump needs that .NET has no API for: poll(2) on a pipe, and an eventfd to wake it.
/// (Logging's own: Supervision/NativeMethods belongs to the supervisor.)
/// </summary>
internal static partial class PipeNativeMethods
{
    public const short PollIn = 0x001; // POLLIN
    public const int Interrupted = 4; // EINTR
    public const int EventFdCloseOnExec = 0x80000; // EFD_CLOEXEC (= O_CLOEXEC)
    public const int EventFdNonBlocking = 0x800; // EFD_NONBLOCK (= O_NONBLOCK)

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static unsafe partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initialValue, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static unsafe partial nint Write(int fd, void* buffer, nuint count);

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }
}
