using System.Diagnostics;
using System.Globalization;

namespace PromscaleLauncher.Tests.Support.Postgres;

/// <summary>
/// The temporary directory of one cluster (data directory, socket, log, certificate), under a
/// shared root, named after the id of the test process that owns it so that a later run can stop
/// and remove what a killed run left behind without touching clusters of runs still going on.
/// </summary>
internal sealed class ClusterDirectory
{
    private const string Prefix = "cluster-";
    private static readonly string _root = Path.Combine(Path.GetTempPath(), "promscale-launcher-pg");
    private static int _swept;

    private ClusterDirectory(string path)
    {
        FullPath = path;
    }

    public static string Root => _root;

    public string FullPath { get; }

    public string DataDirectory => Path.Combine(FullPath, "data");

    public string LogFile => Path.Combine(FullPath, "server.log");

    public static async Task<ClusterDirectory> CreateAsync(CancellationToken ct)
    {
        if (!Directory.Exists(_root))
        {
            // Sticky and world-writable like /tmp: test runs as root and as other users share it.
            await OsCommand.RunAsPostgresAsync("mkdir", ["-p", "-m", "1777", _root], Path.GetTempPath(), ct);
        }

        if (Interlocked.Exchange(ref _swept, 1) == 0)
        {
            RemoveOrphans();
        }

        // The owner is in the name, so no other run ever sees the directory without it.
        var template = Path.Combine(_root, string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Environment.ProcessId}-XXXXXXXX"));
        var output = await OsCommand.RunAsPostgresAsync("mktemp", ["-d", template], _root, ct);
        return new ClusterDirectory(output.Trim());
    }

    /// <summary>Immediate shutdown (SIGQUIT, as pg_ctl stop -m immediate) of a postmaster still running here, then delete.</summary>
    public void ForceRemove(TimeSpan timeout)
    {
        if (ReadPostmasterPid() is { } pid && IsRunningPostgres(pid))
        {
            // .NET can only send SIGKILL; SIGQUIT lets the postmaster stop its children and free its shared memory.
            Signal("QUIT", pid);
            if (!WaitUntilGone(pid, timeout))
            {
                Signal("KILL", pid);
                WaitUntilGone(pid, timeout);
            }
        }

        Delete();
    }

    private void Delete()
    {
        try
        {
            Directory.Delete(FullPath, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    public int? ReadPostmasterPid()
    {
        try
        {
            var firstLine = File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).FirstOrDefault();
            return int.TryParse(firstLine, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// True for a live postgres process. Guards against a recycled pid, and treats a zombie as gone:
    /// a postmaster that pg_ctl detached is reaped by init, which can take a while here.
    /// </summary>
    public static bool IsRunningPostgres(int pid)
    {
        try
        {
            // /proc/PID/stat reads "PID (COMM) STATE ...".
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            var command = stat[(open + 1)..close];
            var state = stat[(close + 2)..].Split(' ')[0];
            return command is "postgres" or "postmaster" && state != "Z" && state != "X";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
        kill?.WaitForExit();
    }

    private static bool WaitUntilGone(int pid, TimeSpan timeout)
    {
        if (!IsRunningPostgres(pid))
        {
            return true;
        }
        // Only on the rescue paths (pg_ctl failed, a run was killed): wait for the process's exit, bounded.
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.WaitForExit(timeout);
        }
        catch (ArgumentException)
        {
            return true; // gone meanwhile
        }
    }

    private static void RemoveOrphans()
    {
        foreach (var path in Directory.EnumerateDirectories(_root, $"{Prefix}*"))
        {
            var directory = new ClusterDirectory(path);
            if (!directory.IsOwnerAlive())
            {
                directory.ForceRemove(TimeSpan.FromSeconds(10));
            }
        }
    }

    private bool IsOwnerAlive()
    {
        var name = Path.GetFileName(FullPath)[Prefix.Length..];
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0 || !int.TryParse(name[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var owner))
        {
            // Not named by this code: leave it alone.
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(owner);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
