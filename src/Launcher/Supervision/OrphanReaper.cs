using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using PromscaleLauncher.Interop;
using PromscaleLauncher.Signals;
using LauncherLog = PromscaleLauncher.Logging.Log;

namespace PromscaleLauncher.Supervision;

/// <summary>
/// Makes the launcher a child subreaper (PR_SET_CHILD_SUBREAPER), so that processes Promscale leaves behind are
/// re-parented to it rather than to a PID 1 that may not reap (the launcher may itself be PID 1 on Scalingo),
/// and reaps them by pid on SIGCHLD. It never calls waitpid(-1): .NET reaps the Promscale child itself and
/// must keep its exit status.
/// </summary>
internal sealed class OrphanReaper : IDisposable
{
    private readonly ILogger _logger;
    private readonly Func<int> _supervisedPid;
    private readonly PosixSignalRegistration? _registration;
    private readonly int _self = Environment.ProcessId;
    private readonly Lock _lock = new();
    private readonly bool _subreaper;

    public OrphanReaper(ILogger logger, Func<int> supervisedPid)
    {
        _logger = logger;
        _supervisedPid = supervisedPid;
        if (OperatingSystem.IsLinux())
        {
            _subreaper = NativeMethods.prctl(NativeMethods.SetChildSubreaper, 1, 0, 0, 0) == 0;
            if (!_subreaper)
            {
                // E.g. a seccomp profile that refuses prctl: leftovers outside Promscale's group escape the launcher.
                LauncherLog.SubreaperUnavailable(logger, Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
            }
            _registration = PosixSignalRegistration.Create(PosixSignal.SIGCHLD, _ => ReapZombies());
        }
    }

    /// <summary>Reaps every exited child that is not the supervised Promscale.</summary>
    public void ReapZombies()
    {
        lock (_lock)
        {
            if (_supervisedPid() == 0)
            {
                // Promscale's pid is not known yet: a zombie now may be a Promscale that exited at once, whose
                // exit status must stay for PromscaleProcess. Nothing else can be orphaned before Promscale runs.
                return;
            }
            foreach (var (pid, state, command) in Children())
            {
                if (state == 'Z' && pid != _supervisedPid() && NativeMethods.waitpid(pid, out var status, NativeMethods.NoHang) == pid)
                {
                    LauncherLog.OrphanReaped(_logger, pid, command, status);
                }
            }
        }
    }

    /// <summary>
    /// Stops what Promscale left running once Promscale itself has exited (and before it is reaped, so that its
    /// process group id cannot name anything else): SIGTERM to its process group and to every process re-parented
    /// to the launcher, SIGKILL to what still runs after <paramref name="grace"/>, and reaps them, so that the
    /// container can stop. <paramref name="signalGroup"/> signals Promscale's group.
    /// </summary>
    public void StopLeftovers(Func<int, bool> signalGroup, TimeSpan grace)
    {
        var leftovers = LiveChildren();
        // Members of Promscale's group whose parent still runs are not the launcher's children, but their
        // ancestors are: without a subreaper none is, and the group signal is all the launcher can do.
        _ = signalGroup(SignalNames.SigTerm);
        if (leftovers.Count == 0 && _subreaper)
        {
            ReapZombies();
            return;
        }
        var started = Environment.TickCount64;
        if (leftovers.Count > 0)
        {
            LauncherLog.StoppingLeftovers(_logger, leftovers.Count, string.Join(' ', leftovers), (long)grace.TotalMilliseconds);
        }
        var signal = SignalNames.SigTerm;
        var killDeadline = started + (long)grace.TotalMilliseconds;
        // After SIGKILL, how long to wait for the kernel to deliver it before giving up (never forever).
        var giveUpDeadline = killDeadline + 2000;
        while (true)
        {
            foreach (var pid in leftovers)
            {
                _ = NativeMethods.kill(pid, signal);
            }
            ReapZombies();
            leftovers = LiveChildren();
            var now = Environment.TickCount64;
            if ((leftovers.Count == 0 && _subreaper) || now > giveUpDeadline)
            {
                return;
            }
            if (signal == SignalNames.SigTerm && (now > killDeadline || (leftovers.Count == 0 && !_subreaper)))
            {
                if (leftovers.Count > 0)
                {
                    LauncherLog.KillingLeftovers(_logger, leftovers.Count, string.Join(' ', leftovers), now - started);
                }
                signal = SignalNames.SigKill;
                _ = signalGroup(signal);
                continue;
            }
            if (leftovers.Count == 0)
            {
                return;
            }
            // Signals are delivered asynchronously: look again shortly.
            Thread.Sleep(10);
        }
    }

    private List<int> LiveChildren() =>
        [.. Children().Where(child => child.Pid != _supervisedPid() && child.State != 'Z').Select(child => child.Pid)];

    private IEnumerable<(int Pid, char State, string Command)> Children()
    {
        foreach (var pid in ChildPids())
        {
            string stat;
            try
            {
                stat = File.ReadAllText($"/proc/{pid}/stat");
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            // /proc/PID/stat: "pid (comm) state ppid …"; comm may contain spaces and parentheses.
            var close = stat.LastIndexOf(')');
            var open = stat.IndexOf('(');
            if (close < 0 || open < 0 || close + 4 >= stat.Length)
            {
                continue;
            }
            var fields = stat[(close + 2)..].Split(' ');
            // The parent is checked even for pids from the children lists: a pid may have been reused since.
            if (fields.Length > 1 && int.TryParse(fields[1], out var parent) && parent == _self)
            {
                yield return (pid, fields[0][0], stat[(open + 1)..close]);
            }
        }
    }

    // The children lists of the launcher's threads (a child belongs to the thread that forked it, an adopted
    // orphan to one of them): a handful of reads instead of a stat of every process on the machine, which
    // is what the stop path costs (docs/benchmarks.md). Without CONFIG_PROC_CHILDREN, every pid in /proc.
    private static List<int> ChildPids()
    {
        var pids = new List<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                var children = Path.Combine(task, "children");
                if (!File.Exists(children))
                {
                    return AllPids();
                }
                foreach (var pid in File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (int.TryParse(pid, out var value))
                    {
                        pids.Add(value);
                    }
                }
            }
        }
        catch (IOException)
        {
            // A thread ended while it was read: its children are elsewhere now; look everywhere.
            return AllPids();
        }
        return pids;
    }

    private static List<int> AllPids()
    {
        var pids = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid))
            {
                pids.Add(pid);
            }
        }
        return pids;
    }

    public void Dispose() => _registration?.Dispose();
}
