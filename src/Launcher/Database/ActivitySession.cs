namespace PromscaleLauncher.Database;

/// <summary>
/// One row of pg_stat_activity (other than the preflight's own) as the preflight's role sees it. For another
/// role's session a non-superuser sees only datid, pid, usesysid/usename, application_name and backend_xid/xmin:
/// <see cref="BackendType"/> is NULL there (observed on PostgreSQL 14.23, 15 and 17.10, role without
/// pg_read_all_stats).
/// </summary>
/// <param name="HasDatabase">datid IS NOT NULL.</param>
/// <param name="UserName">usename: NULL for the auxiliary processes and autovacuum.</param>
/// <param name="DatabaseName">datname.</param>
/// <param name="ApplicationName">application_name: TimescaleDB names its workers with it.</param>
/// <param name="BackendType">backend_type, NULL where hidden.</param>
internal sealed record ActivitySession(bool HasDatabase, string? UserName, string? DatabaseName, string? ApplicationName, string? BackendType);
