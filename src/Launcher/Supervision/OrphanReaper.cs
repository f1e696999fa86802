using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
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
    private readonly Func<int?> _supervisedPid;
    private readonly PosixSignalRegistration? _registration;
    private readonly int _self = Environment.ProcessId;
    private readonly Lock _lock = new();

    public OrphanReaper(ILogger logger, Func<int?> supervisedPid)
    {
        _logger = logger;
        _supervisedPid = supervisedPid;
        if (OperatingSystem.IsLinux())
        {
            _ = NativeMethods.Prctl(NativeMethods.SetChildSubreaper, 1, 0, 0, 0);
            _registration = PosixSignalRegistration.Create(PosixSignal.SIGCHLD, _ => ReapZombies());
        }
    }

    /// <summary>Reaps every exited child that is not the supervised Promscale.</summary>
    public void ReapZombies()
    {
        lock (_lock)
        {
            foreach (var (pid, state, command) in Children())
            {
                if (state == 'Z' && pid != _supervisedPid() && NativeMethods.WaitPid(pid, out var status, NativeMethods.NoHang) == pid)
                {
                    LauncherLog.OrphanReaped(_logger, pid, command, status);
                }
            }
        }
    }

    /// <summary>
    /// Ends what Promscale left running once Promscale itself has exited, so the container can stop, and reaps
    /// it; waits at most <paramref name="timeout"/> for the killed processes to die.
    /// </summary>
    public void KillLeftovers(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            var alive = 0;
            foreach (var (pid, state, _) in Children())
            {
                if (pid != _supervisedPid() && state != 'Z')
                {
                    _ = NativeMethods.Kill(pid, Hosting.SignalNames.SigKill);
                    alive++;
                }
            }
            ReapZombies();
            if (alive == 0 || Environment.TickCount64 > deadline)
            {
                return;
            }
            // SIGKILL is delivered asynchronously: look again shortly.
            Thread.Sleep(10);
        }
    }

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
