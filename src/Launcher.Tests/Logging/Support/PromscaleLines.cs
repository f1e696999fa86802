namespace PromscaleLauncher.Tests.Logging.Support;

/// <summary>Real-looking Promscale output (docs/promscale.md §1.5, §4), constructed from the source's format strings.</summary>
internal static class PromscaleLines
{
    public const string BasicAuthPassword = "hunter2-Clear";
    public const string BearerToken = "tok3n-9f8e7d";

    public const string AutomaxprocsLine = "2023/01/11 10:00:00 maxprocs: Leaving GOMAXPROCS=8: CPU quota undefined";

    public const string Version017 =
        "level=info ts=2023-01-11T10:00:00.000Z caller=runner.go:86 msg=\"Version: 0.17.0, Commit Hash: 148f25dbabd6f93fa8d317e9ffb5b5baf449e061, Branch: HEAD\"";

    public const string Config017 =
        "level=info ts=2023-01-11T10:00:00.001Z caller=runner.go:91 config=\"{ListenAddr::9201 ThanosStoreAPIListenAddr: OTLPGRPCListenAddr::9202 "
        + "PgmodelCfg:{CacheConfig:{SeriesCacheInitialSize:250000 SeriesCacheMemoryMaxBytes:1073741824} AppName:promscale@0.17.0 Host:db.example.com "
        + "Port:5432 User:promscale Password:**** Database:promscale SslMode:require DbConnectionTimeout:1m0s DbUri:**** EnableStatementsCache:true} "
        + "AuthConfig:{BasicAuthUsername:admin BasicAuthPassword:" + BasicAuthPassword + " BasicAuthPasswordFile: BearerToken: BearerTokenFile: IgnorePaths:[/healthz]} "
        + "TLSCertFile: TLSKeyFile: StartupOnly:false}\"";

    public const string Config017WithBearerToken =
        "level=info ts=2023-01-11T10:00:00.001Z caller=runner.go:91 config=\"{ListenAddr::9201 "
        + "AuthConfig:{BasicAuthUsername: BasicAuthPassword: BasicAuthPasswordFile: BearerToken:" + BearerToken + " BearerTokenFile: IgnorePaths:[]}}\"";

    public const string PoolUrl017 =
        "level=info ts=2023-01-11T10:00:00.050Z caller=client.go:126 msg=\"postgresql://promscale:****@db.example.com:5432/promscale?sslmode=require\"";

    public const string Runtime017 =
        "level=info ts=2023-01-11T10:00:00.051Z caller=client.go:127 msg=runtime writer-pool.size=50 reader-pool.size=25 maint-pool.size=5 min-pool.connections=2 num-copiers=4 statement-cache=512";

    public const string Started017 =
        "level=info ts=2023-01-11T10:00:00.100Z caller=runner.go:310 msg=\"Started Prometheus remote-storage HTTP server\" listening-port=:9201";

    public const string Aborting017 =
        "level=error ts=2023-01-11T10:00:00.200Z caller=runner.go:127 msg=\"aborting startup due to error\" err=\"dependency error: problem checking PostgreSQL version: Incompatible postgresql version. Supported server version >=12.x <16.x\"";

    public const string WriteFailed =
        "level=warn ts=2023-01-11T10:00:05.000Z caller=write.go:244 msg=\"Error sending samples to remote storage\" err=\"ERROR: relation \\\"prom_data.up\\\" does not exist (SQLSTATE 42P01)\" num_samples=45";

    public const string Throughput =
        "level=info ts=2023-01-11T10:00:06.000Z caller=throughput.go:92 msg=\"ingestor throughput\" samples/sec=12000 metrics-max-sent-ts=2023-01-11T10:00:05.950Z";

    // health.go logs the error without a key: go-logfmt strips spaces, '=' and '"' from it (docs/promscale.md §4.2).
    public const string HealthcheckMissingKey =
        "failedtoconnectto`hostlocalhostuserpostgresdatabasetimescale`:dialerror(dialtcp127.0.0.1:5432:connect:connectionrefused)";

    public const string HealthcheckFailed =
        "level=warn ts=2023-01-11T10:00:07.000Z caller=health.go:18 msg=\"Healthcheck failed\" " + HealthcheckMissingKey + "=(MISSING)";

    public const string CannotParseFlags011 =
        "level=error ts=2023-01-11T10:00:00.000Z caller=main.go:27 msg=\"cannot parse flags\" err=\"configuration error when parsing flags: error parsing commandline args: flag provided but not defined: -foo\"";

    public const string Version010 =
        "level=info ts=2022-02-17T10:00:00.000Z caller=runner.go:69 msg=\"Version:0.10.0; Commit Hash: 0742e64f\"";

    public const string Listening010 = "level=info ts=2022-02-17T10:00:00.300Z caller=runner.go:123 msg=Listening addr=:9201";

    public const string Pool010 =
        "level=info ts=2022-02-17T10:00:00.200Z caller=client.go:101 msg=postgresql://promscale:****@db:5432/promscale?sslmode=require numCopiers=4 pool_max_conns=80 pool_min_conns=8 statement_cache=\"512 statements\"";

    public const string FatalError010Stdout = "Fatal error: cannot parse flags:  flag provided but not defined: -foo";

    public const string JsonStarted =
        "{\"caller\":\"runner.go:310\",\"level\":\"info\",\"listening-port\":\":9201\",\"msg\":\"Started Prometheus remote-storage HTTP server\",\"ts\":\"2023-01-11T10:00:00.100Z\"}";

    public const string JsonWriteFailed =
        "{\"caller\":\"write.go:244\",\"err\":\"connection \\\"refused\\\"\\n\",\"level\":\"warn\",\"msg\":\"Error sending samples to remote storage\",\"num_samples\":45,\"ts\":\"2023-01-11T10:00:05.000Z\"}";
}
