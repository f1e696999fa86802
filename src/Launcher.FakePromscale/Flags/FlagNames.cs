namespace PromscaleLauncher.FakePromscale.Flags;

/// <summary>The flag names the fake acts on (contract §2).</summary>
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
    public const string DbStatementsCache = "db.statements-cache";
    public const string DbReadOnly = "db.read-only";
    public const string DbConnectionsMax = "db.connections-max";
    public const string DbNumWriterConnections = "db.num-writer-connections";
    public const string DbNumWriters = "db.connections.num-writers";
    public const string DbWriterPoolSize = "db.connections.writer-pool.size";
    public const string DbReaderPoolSize = "db.connections.reader-pool.size";
    public const string DbMaintPoolSize = "db.connections.maint-pool.size";
    public const string WebListenAddress = "web.listen-address";
    public const string WebTelemetryPath = "web.telemetry-path";
    public const string WebAuthUsername = "web.auth.username";
    public const string WebAuthPassword = "web.auth.password";
    public const string WebAuthPasswordFile = "web.auth.password-file";
    public const string WebAuthBearerToken = "web.auth.bearer-token";
    public const string WebAuthBearerTokenFile = "web.auth.bearer-token-file";
    public const string WebAuthIgnorePath = "web.auth.ignore-path";
    public const string WebEnableAdminApi = "web.enable-admin-api";
    public const string AuthTlsCertFile = "auth.tls-cert-file";
    public const string AuthTlsKeyFile = "auth.tls-key-file";
    public const string LogLevel = "telemetry.log.level";
    public const string LogFormat = "telemetry.log.format";
    public const string ThroughputInterval = "telemetry.log.throughput-report-interval";
    public const string StartupOnly = "startup.only";
    public const string StartupSkipMigrate = "startup.skip-migrate";
    public const string StartupUseSchemaVersionLease = "startup.use-schema-version-lease";
    public const string StartupInstallExtensions = "startup.install-extensions";
    public const string StartupUpgradeExtensions = "startup.upgrade-extensions";
    public const string StartupUpgradePrereleaseExtensions = "startup.upgrade-prerelease-extensions";
    public const string Migrate = "migrate";
    public const string HighAvailability = "metrics.high-availability";
    public const string TracingGrpcServerAddress = "tracing.grpc.server-address";
    public const string TracingOtlpServerAddress = "tracing.otlp.server-address";
    public const string TracingStreamingSpanWriter = "tracing.streaming-span-writer";
    public const string VacuumDisable = "vacuum.disable";
    public const string VacuumParallelism = "vacuum.parallelism";
}
