using System.Collections.Concurrent;

namespace PromscaleLauncher.Tests.Support.Postgres;

/// <summary>
/// Safety net: postmasters outlive the test process (pg_ctl detaches them), so any cluster still
/// running when the process exits (an aborted run, a fixture never disposed) is stopped here.
/// </summary>
internal static class LiveClusters
{
    private static readonly ConcurrentDictionary<ClusterDirectory, byte> _directories = new();
    private static int _hooked;

    public static void Add(ClusterDirectory directory)
    {
        if (Interlocked.Exchange(ref _hooked, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();
        }

        _directories.TryAdd(directory, 0);
    }

    public static void Remove(ClusterDirectory directory) => _directories.TryRemove(directory, out _);

    private static void StopAll()
    {
        foreach (var directory in _directories.Keys)
        {
            directory.ForceRemove(TimeSpan.FromSeconds(5));
        }
    }
}
