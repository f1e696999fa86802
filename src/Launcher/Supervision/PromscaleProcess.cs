using System.ComponentModel;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using PromscaleLauncher.Interop;
using PromscaleLauncher.Signals;

namespace PromscaleLauncher.Supervision;

/// <summary>
/// Promscale as a child process, started with posix_spawn rather than <see cref="System.Diagnostics.Process"/>
/// (or CliWrap, which uses it) for three things Process cannot do (docs/shutdown.md):
/// <list type="bullet">
/// <item>Its exit is the source of truth, not its pipes: <see cref="Exited"/> completes when Promscale itself has
/// exited (waitid with WNOWAIT), even while a process it left behind still holds its stdout/stderr open.</item>
/// <item>It is reaped only by <see cref="Reap"/>, so its pid (and process group) stays Promscale's until then,
/// and <see cref="Signal"/> never reaches a process that merely reuses the number.</item>
/// <item>It starts with the signal dispositions the launcher inherited, not the runtime's: SIGPIPE, which the
/// .NET runtime ignores before Main and which Process passes on to its children, back at its default; the
/// launcher's inherited signal mask; its own process group, so that a terminal's Ctrl-C reaches only the
/// launcher, which then stops Promscale and everything in its group the way its version needs.</item>
/// </list>
/// </summary>
internal sealed class PromscaleProcess : IDisposable
{
    private const int SigPipe = 13;

    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _reaped;
    private int _exitCode;

    private PromscaleProcess(int pid, Stream standardOutput, Stream standardError)
    {
        Pid = pid;
        StandardOutput = standardOutput;
        StandardError = standardError;
        new Thread(WaitForExit) { IsBackground = true, Name = "Promscale exit" }.Start();
    }

    public int Pid { get; }

    /// <summary>Promscale's stdout; its stdin is /dev/null.</summary>
    public Stream StandardOutput { get; }

    public Stream StandardError { get; }

    /// <summary>Completes when Promscale has exited; it stays a zombie (pid and process group kept) until <see cref="Reap"/>.</summary>
    public Task Exited => _exited.Task;

    /// <param name="path">The executable, also argv[0].</param>
    /// <param name="environment">Changes to the launcher's environment: a null value removes the variable.</param>
    /// <param name="inherited">What the launcher inherited: Promscale starts with the same mask and ignores, every
    /// other signal at its default.</param>
    public static unsafe PromscaleProcess Start(string path, IReadOnlyDictionary<string, string?> environment, InheritedSignals inherited)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string?)entry.Value ?? "";
        }
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                variables.Remove(name);
            }
            else
            {
                variables[name] = value;
            }
        }

        var stdout = stackalloc int[2];
        var stderr = stackalloc int[2];
        CheckErrno(NativeMethods.pipe2(stdout, NativeMethods.CloseOnExec), "pipe2");
        if (NativeMethods.pipe2(stderr, NativeMethods.CloseOnExec) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            _ = NativeMethods.close(stdout[0]);
            _ = NativeMethods.close(stdout[1]);
            throw new Win32Exception(error, "pipe2");
        }

        var actions = NativeMemory.AllocZeroed(NativeMethods.SpawnFileActionsBytes);
        var attributes = NativeMemory.AllocZeroed(NativeMethods.SpawnAttributesBytes);
        var defaults = NativeMemory.AllocZeroed(NativeMethods.SignalSetBytes);
        var mask = NativeMemory.AllocZeroed(NativeMethods.SignalSetBytes);
        var strings = new List<nint>();
        var argv = (byte**)NativeMemory.AllocZeroed(2, (nuint)sizeof(nint));
        var envp = (byte**)NativeMemory.AllocZeroed((nuint)variables.Count + 1, (nuint)sizeof(nint));
        int pid;
        int spawnError;
        try
        {
            Check(NativeMethods.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
            Check(NativeMethods.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", NativeMethods.ReadOnly, 0), "posix_spawn_file_actions_addopen");
            Check(NativeMethods.posix_spawn_file_actions_adddup2(actions, stdout[1], 1), "posix_spawn_file_actions_adddup2");
            Check(NativeMethods.posix_spawn_file_actions_adddup2(actions, stderr[1], 2), "posix_spawn_file_actions_adddup2");

            Check(NativeMethods.posix_spawnattr_init(attributes), "posix_spawnattr_init");
            // Every signal at its default but those the launcher inherited ignored. SIGPIPE always: the runtime
            // ignored it before Main (so an inherited ignore cannot be told), and an ignored signal survives exec;
            // Promscale would get EPIPE instead of dying of a closed pipe, unlike under any shell or init. Bits are
            // set directly: glibc's sigaddset refuses its internal signals 32 and 33, which its posix_spawn would
            // otherwise leave ignored in the child.
            var ignored = inherited.Ignored & ~(1UL << (SigPipe - 1));
            *(ulong*)defaults = ~ignored;
            Check(NativeMethods.posix_spawnattr_setsigdefault(attributes, defaults), "posix_spawnattr_setsigdefault");
            *(ulong*)mask = inherited.Blocked;
            Check(NativeMethods.posix_spawnattr_setsigmask(attributes, mask), "posix_spawnattr_setsigmask");
            // Process group 0: a new group led by Promscale (pgid = its pid).
            Check(NativeMethods.posix_spawnattr_setpgroup(attributes, 0), "posix_spawnattr_setpgroup");
            Check(NativeMethods.posix_spawnattr_setflags(attributes,
                NativeMethods.SpawnSetSignalDefault | NativeMethods.SpawnSetSignalMask | NativeMethods.SpawnSetProcessGroup), "posix_spawnattr_setflags");

            argv[0] = (byte*)Utf8(path, strings);
            var index = 0;
            foreach (var (name, value) in variables)
            {
                envp[index++] = (byte*)Utf8($"{name}={value}", strings);
            }
            // glibc's posix_spawn runs the child on a CLONE_VM|CLONE_VFORK stack with every signal blocked and
            // resets caught handlers to SIG_DFL before exec: nothing of the runtime's runs in the child.
            spawnError = NativeMethods.posix_spawn(out pid, path, actions, attributes, argv, envp);
        }
        finally
        {
            _ = NativeMethods.posix_spawn_file_actions_destroy(actions);
            _ = NativeMethods.posix_spawnattr_destroy(attributes);
            NativeMemory.Free(actions);
            NativeMemory.Free(attributes);
            NativeMemory.Free(defaults);
            NativeMemory.Free(mask);
            NativeMemory.Free(argv);
            NativeMemory.Free(envp);
            foreach (var pointer in strings)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
            // The write ends belong to Promscale now: the launcher keeping them would mean no end of file, ever.
            _ = NativeMethods.close(stdout[1]);
            _ = NativeMethods.close(stderr[1]);
        }

        if (spawnError != 0)
        {
            _ = NativeMethods.close(stdout[0]);
            _ = NativeMethods.close(stderr[0]);
            throw new Win32Exception(spawnError, $"posix_spawn {path}");
        }
        return new PromscaleProcess(pid, ReadEnd(stdout[0]), ReadEnd(stderr[0]));
    }

    /// <summary>
    /// Sends <paramref name="signal"/> to Promscale, or to its whole process group, as long as Promscale has not
    /// been reaped (until then neither its pid nor its group id can name another process). False once reaped.
    /// </summary>
    public bool Signal(int signal, bool group)
    {
        lock (_lock)
        {
            return !_reaped && NativeMethods.kill(group ? -Pid : Pid, signal) == 0;
        }
    }

    /// <summary>Collects Promscale's exit status once it has exited: N for exit(N), 128+N for death by signal N.</summary>
    public int Reap()
    {
        lock (_lock)
        {
            if (_reaped)
            {
                return _exitCode;
            }
            int result;
            int status;
            while ((result = NativeMethods.waitpid(Pid, out status, 0)) < 0 && Marshal.GetLastPInvokeError() == NativeMethods.Interrupted)
            {
            }
            _reaped = true;
            // Someone else reaped it (a waitpid(-1) elsewhere): its status is lost.
            _exitCode = result != Pid ? ExitCodes.InternalError
                : (status & 0x7f) == 0 ? (status >> 8) & 0xff
                : ExitCodes.FromSignal(status & 0x7f);
            return _exitCode;
        }
    }

    private unsafe void WaitForExit()
    {
        var info = stackalloc byte[NativeMethods.SignalInfoBytes];
        while (NativeMethods.waitid(NativeMethods.IdTypePid, Pid, info, NativeMethods.WaitExited | NativeMethods.WaitNoWait) != 0
            && Marshal.GetLastPInvokeError() == NativeMethods.Interrupted)
        {
        }
        _exited.TrySetResult();
    }

    private static Stream ReadEnd(int fd) => new AnonymousPipeClientStream(PipeDirection.In, new SafePipeHandle(fd, ownsHandle: true));

    private static nint Utf8(string text, List<nint> allocated)
    {
        var pointer = Marshal.StringToCoTaskMemUTF8(text);
        allocated.Add(pointer);
        return pointer;
    }

    private static void CheckErrno(int result, string call)
    {
        if (result != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), call);
        }
    }

    private static void Check(int error, string call)
    {
        if (error != 0)
        {
            throw new Win32Exception(error, call);
        }
    }

    public void Dispose()
    {
        StandardOutput.Dispose();
        StandardError.Dispose();
    }
}
