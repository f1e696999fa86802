using PromscaleLauncher.FakePromscale.Flags;
using PromscaleLauncher.FakePromscale.Versions;

namespace PromscaleLauncher.FakePromscale.Logging;

/// <summary>
/// The <c>config=</c> line: Go's <c>%+v</c> of the runner config with the DB password and URI masked.
/// 0.17 prints the web Basic-auth password and bearer token in clear text; 0.10 prints a pointer
/// (docs/promscale.md §4.1). Reduced to the fields a launcher cares about, in Promscale's field order.
/// </summary>
internal static class ConfigLine
{
    public static string For(PromscaleVersion version, PromscaleSettings s)
    {
        var auth = !version.IsLegacy
            ? $"AuthConfig:{{BasicAuthUsername:{s.AuthUsername} BasicAuthPassword:{s.AuthPassword} BasicAuthPasswordFile:{s.AuthPasswordFile} BearerToken:{s.BearerToken} BearerTokenFile:{s.BearerTokenFile} IgnorePaths:[]}}"
            : "Auth:0xc0001a6000";
        var pools = version.IsLegacy
            ? $"WriteConnectionsPerProc:{s.WriterConnectionsSetting}"
            : $"WriterPoolSize:{s.WriterPoolSize} ReaderPoolSize:{s.ReaderPoolSize} MaintPoolSize:{s.MaintPoolSize} WriterConnectionsCount:{s.WriterConnectionsSetting}";
        var timeout = GoSyntax.FormatDuration(s.DbConnectionTimeout);
        return $"{{ListenAddr:{s.ListenAddress} ThanosStoreAPIListenAddr: OTLPGRPCListenAddr::9202 "
            + $"PgmodelCfg:{{CacheConfig:{{SeriesCacheInitialSize:250000 SeriesCacheMemoryMaxBytes:0 MetricsCacheSize:10000 LabelsCacheSize:10000 ExemplarKeyPosCacheSize:10000}} "
            + $"AppName:{s.DbApp} Host:{s.DbHost} Port:{s.DbPort} User:{s.DbUser} Password:**** Database:{s.DbName} SslMode:{s.DbSslMode} DbConnectionTimeout:{timeout} "
            + $"IgnoreCompressedChunks:false AsyncAcks:false {pools} MaxConnections:{s.ConnectionsMax} UsesHA:false DbUri:**** EnableStatementsCache:true}} "
            + $"LogCfg:{{Level:{s.LogLevel} Format:{s.LogFormat}}} "
            + $"APICfg:{{AllowedOrigin:^(?:.*)$ ReadOnly:false HighAvailability:false AdminAPIEnabled:false TelemetryPath:/metrics"
            + (!version.IsLegacy ? "} " : $" {auth}}} ")
            + (!version.IsLegacy ? auth + " " : string.Empty)
            + $"ConfigFile:{s.ConfigFile} DatasetConfig: TLSCertFile: TLSKeyFile: ThroughputInterval:1s "
            + $"Migrate:{Bool(s.Migrate)} StopAfterMigrate:{Bool(s.StopAfterMigrate)} UseVersionLease:{Bool(s.UseSchemaVersionLease)} InstallExtensions:{Bool(s.InstallExtensions)} "
            + $"UpgradeExtensions:{Bool(s.UpgradeExtensions)} UpgradePrereleaseExtensions:false StartupOnly:{Bool(s.StartupOnly)}}}";
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
