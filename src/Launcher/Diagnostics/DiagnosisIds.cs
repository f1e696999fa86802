namespace PromscaleLauncher.Diagnostics;

/// <summary>The ids of docs/diagnostics.md: stable, greppable names for every check and diagnosis.</summary>
internal static class DiagnosisIds
{
    public const string Configuration = "config";
    public const string DatabaseTls = "db.tls";
    public const string DatabaseReachable = "db.reachable";
    public const string DatabaseUnreachable = "db.unreachable";
    public const string DatabaseAuthentication = "db.authentication";
    public const string DatabaseMissing = "db.missing";
    public const string DatabaseTlsUnavailable = "db.tls-unavailable";
    public const string DatabaseTlsUntrusted = "db.tls-untrusted";
    public const string DatabaseError = "db.error";
    public const string PostgresVersion = "pg.version";
    public const string TimescaleDbExtension = "tsdb.extension";
    public const string TimescaleDbPreload = "tsdb.preload";
    public const string TimescaleDbVersion = "tsdb.version";
    public const string TimescaleDbLicense = "tsdb.license";
    public const string PromscaleExtension = "promscale.extension";
    public const string RolePrivileges = "role.privileges";
    public const string RoleCreateRole = "role.createrole";
    public const string ExtensionFlags = "startup.extensions";
    public const string ConnectionBudget = "connections.budget";
    public const string ConnectionsRefused = "connections.refused";
    public const string ConnectionPeers = "connections.peers";
    public const string TimescaleDbUpdate = "tsdb.update";
    public const string MigrationLock = "migration.lock";
    public const string SchemaVersion = "schema.version";
    public const string MaintenanceSchedule = "maintenance.schedule";
    public const string RetentionDefault = "retention.default";
    public const string RetentionEffective = "retention.effective";
    public const string FirstInstall = "schema.first-install";
    public const string PostgresUpgradeDeadline = "pg.upgrade-deadline";
}
