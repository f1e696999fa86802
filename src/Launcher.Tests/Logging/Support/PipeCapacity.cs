using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace PromscaleLauncher.Tests.Logging.Support;

/// <summary>Grows a pipe beyond its default 64 KiB (F_SETPIPE_SZ), so a test can queue more than one read's worth.</summary>
internal static partial class PipeCapacity
{
    private const int SetPipeSize = 1031; // F_SETPIPE_SZ

    public static void Set(PipeStream pipe, int bytes)
    {
        if (Fcntl((int)pipe.SafePipeHandle.DangerousGetHandle(), SetPipeSize, bytes) < 0)
        {
            throw new IOException($"F_SETPIPE_SZ {bytes} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);
}
