using System.IO.Pipes;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using static PromscaleLauncher.Logging.Promscale.PipeNativeMethods;

namespace PromscaleLauncher.Logging.Promscale;

/// <summary>
/// Reads a pipe with blocking reads and asks poll(2) whether more input is waiting or, to wait, for the next.
/// </summary>
/// <remarks>
/// <para>The pipe CliWrap hands over is the <see cref="AnonymousPipeClientStream"/> Process made; its file
/// descriptor is blocking, and a synchronous <see cref="Stream.Read(Span{byte})"/> is one read(2) on it. Never
/// call ReadAsync on it: that runs through the socket engine's epoll thread (a wake-up and a thread-pool hop per
/// read) and leaves the descriptor O_NONBLOCK.</para>
/// <para>The pump waits in poll(2), not in read(2), so that cancellation can wake it: the token writes to an
/// eventfd polled with the pipe (only when the token can be cancelled).</para>
/// </remarks>
internal sealed class PipeOutputReader : PromscaleOutputReader
{
    private const int WaitForever = -1;

    private readonly PipeStream _pipe;
    private readonly SafePipeHandle _handle;
    private readonly SafeFileHandle? _wakeUp;
    private readonly CancellationTokenRegistration _cancellation;
    private readonly bool _handleReferenced;

    public PipeOutputReader(PipeStream pipe, CancellationToken cancellationToken)
    {
        _pipe = pipe;
        _handle = pipe.SafePipeHandle;
        var referenced = false;
        // Held until Dispose: the number polled stays this pipe's even if the stream is closed meanwhile.
        _handle.DangerousAddRef(ref referenced);
        _handleReferenced = referenced;
        if (!cancellationToken.CanBeCanceled)
        {
            return;
        }

        var wakeUp = EventFd(0, EventFdCloseOnExec | EventFdNonBlocking);
        if (wakeUp < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            Dispose();
            throw Failure("eventfd", error);
        }

        _wakeUp = new SafeFileHandle(wakeUp, ownsHandle: true);
        _cancellation = cancellationToken.UnsafeRegister(static reader => ((PipeOutputReader)reader!).WakeUp(), this);
    }

    public override bool HasInput() => Poll(0, CancellationToken.None);

    public override void WaitForInput(CancellationToken cancellationToken)
    {
        while (!Poll(WaitForever, cancellationToken))
        {
        }
    }

    public override int Read(Span<byte> buffer) => _pipe.Read(buffer);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Waits for a cancellation callback still running, which may be writing to the eventfd.
            _cancellation.Dispose();
            _wakeUp?.Dispose();
            if (_handleReferenced)
            {
                _handle.DangerousRelease();
            }
        }

        base.Dispose(disposing);
    }

    // True when the pipe has input (or is closed); false after a timeout or a wake-up; throws once cancelled.
    private unsafe bool Poll(int timeoutMilliseconds, CancellationToken cancellationToken)
    {
        var fds = stackalloc PollFd[2];
        fds[0] = new PollFd { Fd = (int)_handle.DangerousGetHandle(), Events = PollIn };
        nuint count = 1;
        if (_wakeUp is not null && cancellationToken.CanBeCanceled)
        {
            fds[1] = new PollFd { Fd = (int)_wakeUp.DangerousGetHandle(), Events = PollIn };
            count = 2;
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ready = PipeNativeMethods.Poll(fds, count, timeoutMilliseconds);
            if (ready >= 0)
            {
                // POLLHUP and POLLERR come without being asked for: read(2) then returns 0 or the error.
                return fds[0].ReturnedEvents != 0;
            }

            var error = Marshal.GetLastPInvokeError();
            if (error != Interrupted)
            {
                throw Failure("poll", error);
            }
        }
    }

    private unsafe void WakeUp()
    {
        ulong one = 1;
        // Nothing to do on failure: the counter cannot overflow with one write per cancellation.
        _ = Write((int)_wakeUp!.DangerousGetHandle(), &one, sizeof(ulong));
    }

    private static IOException Failure(string call, int error) =>
        new($"{call} on Promscale's output pipe failed: {Marshal.GetPInvokeErrorMessage(error)} (errno {error})");
}
