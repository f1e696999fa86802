namespace PromscaleLauncher.FakePromscale.Flags;

/// <summary>The flag names the fake acts on (docs/promscale.md §2).</summary>
internal static class FlagNames
{
    public const string Config = "config";
    public const string DbUri = "db.uri";
    public const string DbHost = "db.host";
    public const string DbPort = "db.port";
    public const string DbUser = "db.user";
    public const string DbPassword = "db.password";
    public const string DbName = "db.name";
    public const string DbSslMode = "db.ssl-mode";
    public const string DbConnectionTimeout = "db.connection-timeout";
    public const string DbApp = "db.app";
    public const string DbConnectionsMax = "db.connections-max";
    public const string DbNumWriterConnections = "db.num-writer-connections";
    public const string DbNumWriters = "db.connections.num-writers";
    public const string DbWriterPoolSize = "db.connections.writer-pool.size";
    public const string DbReaderPoolSize = "db.connections.reader-pool.size";
    public const string DbMaintPoolSize = "db.connections.maint-pool.size";
    public const string WebListenAddress = "web.listen-address";
    public const string WebAuthUsername = "web.auth.username";
    public const string WebAuthPassword = "web.auth.password";
    public const string WebAuthPasswordFile = "web.auth.password-file";
    public const string WebAuthBearerToken = "web.auth.bearer-token";
    public const string WebAuthBearerTokenFile = "web.auth.bearer-token-file";
    public const string LogLevel = "telemetry.log.level";
    public const string LogFormat = "telemetry.log.format";
    public const string StartupOnly = "startup.only";
    public const string StartupSkipMigrate = "startup.skip-migrate";
    public const string StartupUseSchemaVersionLease = "startup.use-schema-version-lease";
    public const string StartupInstallExtensions = "startup.install-extensions";
    public const string StartupUpgradeExtensions = "startup.upgrade-extensions";
    public const string Migrate = "migrate";
    public const string VacuumParallelism = "vacuum.parallelism";
}
