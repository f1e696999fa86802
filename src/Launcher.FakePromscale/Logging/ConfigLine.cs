using PromscaleLauncher.FakePromscale.Flags;
using PromscaleLauncher.FakePromscale.Versions;

namespace PromscaleLauncher.FakePromscale.Logging;

/// <summary>
/// The <c>config=</c> line: Go's <c>%+v</c> of the runner config with the DB password and URI masked.
/// 0.15+ print the web Basic-auth password and bearer token in clear text; older versions print a pointer
/// (contract §4.1). Reduced to the fields a launcher cares about, in Promscale's field order.
/// </summary>
internal static class ConfigLine
{
    public static string For(PromscaleVersion version, PromscaleSettings s)
    {
        var auth = version.PrintsWebSecretsInConfig
            ? $"AuthConfig:{{BasicAuthUsername:{s.AuthUsername} BasicAuthPassword:{s.AuthPassword} BasicAuthPasswordFile:{s.AuthPasswordFile} BearerToken:{s.BearerToken} BearerTokenFile:{s.BearerTokenFile} IgnorePaths:[{string.Join(' ', s.AuthIgnorePaths)}]}}"
            : "Auth:0xc0001a6000";
        var pools = version.PoolEra switch
        {
            PoolEra.WriterReaderMaintenance => $"WriterPoolSize:{s.WriterPoolSize} ReaderPoolSize:{s.ReaderPoolSize} MaintPoolSize:{s.MaintPoolSize} WriterConnectionsCount:{s.WriterConnectionsSetting}",
            PoolEra.WriterReader => $"WriterPoolSize:{s.WriterPoolSize} ReaderPoolSize:{s.ReaderPoolSize} WriterConnectionsCount:{s.WriterConnectionsSetting}",
            _ => $"WriteConnectionsPerProc:{s.WriterConnectionsSetting}",
        };
        var timeout = GoSyntax.FormatDuration(s.DbConnectionTimeout);
        return $"{{ListenAddr:{s.ListenAddress} ThanosStoreAPIListenAddr: OTLPGRPCListenAddr:{s.GrpcListenAddress} "
            + $"PgmodelCfg:{{CacheConfig:{{SeriesCacheInitialSize:250000 SeriesCacheMemoryMaxBytes:0 MetricsCacheSize:10000 LabelsCacheSize:10000 ExemplarKeyPosCacheSize:10000}} "
            + $"AppName:{s.DbApp} Host:{s.DbHost} Port:{s.DbPort} User:{s.DbUser} Password:**** Database:{s.DbName} SslMode:{s.DbSslMode} DbConnectionTimeout:{timeout} "
            + $"IgnoreCompressedChunks:false AsyncAcks:false {pools} MaxConnections:{s.ConnectionsMax} UsesHA:{Bool(s.HighAvailability)} DbUri:**** EnableStatementsCache:{Bool(s.StatementsCache)}}} "
            + $"LogCfg:{{Level:{s.LogLevel} Format:{s.LogFormat}}} "
            + $"APICfg:{{AllowedOrigin:^(?:.*)$ ReadOnly:{Bool(s.ReadOnly)} HighAvailability:{Bool(s.HighAvailability)} AdminAPIEnabled:{Bool(s.EnableAdminApi)} TelemetryPath:{s.TelemetryPath}"
            + (version.PrintsWebSecretsInConfig ? "} " : $" {auth}}} ")
            + (version.PrintsWebSecretsInConfig ? auth + " " : string.Empty)
            + $"ConfigFile:{s.ConfigFile} DatasetConfig: TLSCertFile:{s.TlsCertFile} TLSKeyFile:{s.TlsKeyFile} ThroughputInterval:{GoSyntax.FormatDuration(s.ThroughputInterval)} "
            + $"Migrate:{Bool(s.Migrate)} StopAfterMigrate:{Bool(s.StartupOnly && s.Migrate)} UseVersionLease:{Bool(s.UseSchemaVersionLease)} InstallExtensions:{Bool(s.InstallExtensions)} "
            + $"UpgradeExtensions:{Bool(s.UpgradeExtensions)} UpgradePrereleaseExtensions:{Bool(s.UpgradePrereleaseExtensions)} StartupOnly:{Bool(s.StartupOnly)}}}";
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
