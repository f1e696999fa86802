using System.Text.RegularExpressions;

namespace PromscaleLauncher.Database;

/// <summary>
/// Which sessions of pg_stat_activity use a max_connections slot: client backends only. Background workers
/// (TimescaleDB's launcher, its scheduler per database, its job workers, PostgreSQL's logical replication
/// launcher, parallel workers), autovacuum and the auxiliary processes have slots of their own
/// (max_worker_processes, autovacuum_max_workers), and walsenders have max_wal_senders' since PostgreSQL 12
/// (InitProcGlobal in src/backend/storage/lmgr/proc.c). The 53300 "reserved" check counts only the free client slots.
/// </summary>
internal static partial class ClientConnections
{
    public const string ClientBackend = "client backend";

    /// <summary>
    /// True when <paramref name="session"/> holds a max_connections slot, or may (when its role hides what it is).
    /// </summary>
    public static bool UsesConnectionSlot(ActivitySession session)
    {
        // Visible for our own role's sessions, and for every session to a superuser or pg_read_all_stats member.
        if (session.BackendType is { } backendType)
        {
            return backendType == ClientBackend;
        }
        // Hidden: observed (PostgreSQL 14, 15, 17, non-superuser viewer) that other roles' rows keep datid, usesysid
        // and application_name. A client backend always has a database: rows without one are the logical replication
        // launcher (usesysid 10), TimescaleDB's launcher (connected to shared catalogs only), auxiliary processes.
        if (!session.HasDatabase)
        {
            return false;
        }
        // Autovacuum workers have a database but no user (pgstat_bestart records a user only for client backends,
        // walsenders and background workers).
        if (session.UserName is null)
        {
            return false;
        }
        // TimescaleDB names its workers through pgstat_report_appname: "TimescaleDB Background Worker Scheduler" per
        // database (src/bgw/scheduler.c), and each job worker the job's application_name, e.g. "Telemetry Reporter [1]",
        // "Job History Log Retention Policy [3]", "Compression Policy [1000]", "User-Defined Action [1001]" (src/bgw/job.c).
        // What else hides its type stays counted: too many is the safe side.
        return !IsTimescaleDbWorker(session.ApplicationName);
    }

    public static ClientConnectionCounts Count(IEnumerable<ActivitySession> sessions, string currentUser, string database)
    {
        int others = 0, ofRole = 0, ofDatabase = 0, promscale = 0;
        var byName = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var session in sessions.Where(UsesConnectionSlot))
        {
            if (PromscaleSessionName.Parse(session.ApplicationName) is not null)
            {
                promscale++;
                byName[session.ApplicationName!] = byName.GetValueOrDefault(session.ApplicationName!) + 1;
                continue;
            }
            others++;
            ofRole += session.UserName == currentUser ? 1 : 0;
            ofDatabase += session.DatabaseName == database ? 1 : 0;
        }
        return new ClientConnectionCounts(others, ofRole, ofDatabase, promscale, byName);
    }

    private static bool IsTimescaleDbWorker(string? applicationName) =>
        applicationName is not null
        && (applicationName.StartsWith("TimescaleDB Background Worker", StringComparison.Ordinal) || TimescaleDbJobName().IsMatch(applicationName));

    [GeneratedRegex(@"^(Telemetry Reporter|User-Defined Action|[A-Za-z ]+ Policy) \[[0-9]+\]$", RegexOptions.CultureInvariant)]
    private static partial Regex TimescaleDbJobName();
}
