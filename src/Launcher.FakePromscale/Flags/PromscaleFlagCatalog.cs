using PromscaleLauncher.FakePromscale.Versions;

namespace PromscaleLauncher.FakePromscale.Flags;

/// <summary>
/// The flag set of the emulated release: every flag a launcher may pass (contract §2) with its Go type,
/// default and usage, plus the other commonly used ones so that they are accepted rather than rejected.
/// </summary>
internal static class PromscaleFlagCatalog
{
    private const string DeprecatedSuffix = "(DEPRECATED) Will be removed in version 0.11.0";

    public static GoFlagSet Build(PromscaleVersion version, string programName, Action<string> output)
    {
        var fs = new GoFlagSet(programName, output);
        var minor = version.Minor;

        // pkg/pgmodel/cache
        fs.Define("metrics.cache.series.initial-size", FlagKind.Uint, "250000", "Maximum number of series to cache.");
        fs.Define("metrics.cache.series.max-bytes", FlagKind.String, "50%", "Initial number of elements in the series cache.");
        fs.Define("metrics.cache.labels.size", FlagKind.Uint, "10000", "Maximum number of labels to cache.");
        fs.Define("metrics.cache.metrics.size", FlagKind.Uint, "10000", "Maximum number of metric names to cache.");
        fs.Define("metrics.cache.exemplar.size", FlagKind.Uint, "10000", "Maximum number of exemplar metrics key-position to cache. It has one-to-one mapping with number of metrics that have exemplar, as key positions are saved per metric basis.");

        // pkg/pgclient (contract §2.1)
        fs.Define(FlagNames.DbApp, FlagKind.String, $"promscale@{version.Text}", "This sets the application_name in database connection string. This is helpful during debugging when looking at pg_stat_activity.");
        fs.Define(FlagNames.DbHost, FlagKind.String, "localhost", "Host for TimescaleDB/Vanilla Postgres.");
        fs.Define(FlagNames.DbPort, FlagKind.Int, "5432", "TimescaleDB/Vanilla Postgres connection password.");
        fs.Define(FlagNames.DbUser, FlagKind.String, "postgres", "TimescaleDB/Vanilla Postgres user.");
        fs.Define(FlagNames.DbPassword, FlagKind.String, string.Empty, "Password for connecting to TimescaleDB/Vanilla Postgres.");
        fs.Define(FlagNames.DbName, FlagKind.String, "timescale", "Database name.");
        fs.Define(FlagNames.DbSslMode, FlagKind.String, "require", "TimescaleDB/Vanilla Postgres connection ssl mode. If you do not want to use ssl, pass 'allow' as value.");
        fs.Define(FlagNames.DbConnectionTimeout, FlagKind.Duration, "1m0s", "Timeout for establishing the connection between Promscale and TimescaleDB.");
        fs.Define("metrics.ignore-samples-written-to-compressed-chunks", FlagKind.Bool, "false", "Ignore/drop samples that are being written to compressed chunks. Setting this to false allows Promscale to ingest older data by decompressing chunks that were earlier compressed. However, setting this to true will save your resources that may be required during decompression. ");
        fs.Define(FlagNames.DbConnectionsMax, FlagKind.Int, "-1", "Maximum number of connections to the database that should be opened at once. It defaults to 80% of the maximum connections that the database can handle.");
        fs.Define(FlagNames.DbUri, FlagKind.String, string.Empty, "TimescaleDB/Vanilla Postgres DB URI. Example DB URI `postgres://postgres:password@localhost:5432/timescale?sslmode=require`");
        fs.Define(FlagNames.DbStatementsCache, FlagKind.Bool, "true", "Whether database connection pool should use cached prepared statements. Disable if using PgBouncer");
        if (minor <= 12)
        {
            fs.Define(FlagNames.DbNumWriterConnections, FlagKind.Int, "1", "Maximum number of database connections for writing per go thread (as configured via GOMAXPROCS)");
        }
        else
        {
            fs.Define(FlagNames.DbNumWriters, FlagKind.Int, "0", "Number of database connections for writing metrics to database. By default, this will be set based on the number of CPUs available to the DB Promscale is connected to.");
            fs.Define(FlagNames.DbWriterPoolSize, FlagKind.Int, "0", "Maximum size of the writer pool of database connections. This defaults to 50% of max_connections allowed by the database.");
            fs.Define(FlagNames.DbReaderPoolSize, FlagKind.Int, "0", "Maximum size of the reader pool of database connections. This defaults to 30% of max_connections allowed by the database.");
        }

        if (minor >= 15)
        {
            fs.Define(FlagNames.DbMaintPoolSize, FlagKind.Int, "5", "Maximum size of the maintenance pool of database connections. This defaults to 5 connections, and should be at least vacuum.parallelism + 1.");
        }

        // pkg/log
        fs.Define(FlagNames.LogLevel, FlagKind.String, "info", "Only log messages with the given severity or above. One of: [debug, info, warn, error]");
        fs.Define(FlagNames.LogFormat, FlagKind.String, "logfmt", "Output format of log messages. One of: [logfmt, json]");

        // pkg/tracer
        fs.Define("telemetry.trace.otel-endpoint", FlagKind.String, string.Empty, "OpenTelemetry tracing collector GRPC URL endpoint to send telemetry to. (i.e. otel-collector:4317)");
        fs.Define("telemetry.trace.otel-tls-cert-file", FlagKind.String, string.Empty, "TLS Certificate file used for client authentication against the OTEL tracing collector GRPC endpoint, leave blank to disable TLS.");
        fs.Define("telemetry.trace.otel-tls-key-file", FlagKind.String, string.Empty, "TLS Key file for client authentication against the OTEL tracing collector GRPC endpoint, leave blank to disable TLS.");
        fs.Define("telemetry.trace.jaeger-endpoint", FlagKind.String, string.Empty, "Jaeger tracing collector thrift HTTP URL endpoint to send telemetry to (e.g. https://jaeger-collector:14268/api/traces).");
        fs.Define("telemetry.trace.sampling-ratio", FlagKind.Float, "1", "Trace sampling ratio, amount of spans to send to collector. Valid values from 0.0 (none) to 1.0 (all).");

        // pkg/api
        fs.Define(FlagNames.DbReadOnly, FlagKind.Bool, "false", "Read-only mode for the connector. Operations related to writing or updating the database are disallowed. It is used when pointing the connector to a TimescaleDB read replica.");
        fs.Define(FlagNames.HighAvailability, FlagKind.Bool, "false", "Enable external_labels based HA.");
        fs.Define("metrics.async-acks", FlagKind.Bool, "false", "Acknowledge asynchronous inserts. If this is true, the inserter will not wait after insertion of metric data in the database. This increases throughput at the cost of a small chance of data loss.");
        fs.Define(FlagNames.WebEnableAdminApi, FlagKind.Bool, "false", "Allow operations via API that are for advanced users. Currently, these operations are limited to deletion of series.");
        fs.Define(FlagNames.WebTelemetryPath, FlagKind.String, "/metrics", "Web endpoint for exposing Promscale's Prometheus metrics.");
        fs.Define(FlagNames.WebAuthUsername, FlagKind.String, string.Empty, "Authentication username used for web endpoint authentication. Disabled by default.");
        fs.Define(FlagNames.WebAuthPassword, FlagKind.String, string.Empty, "Authentication password used for web endpoint authentication. This flag should be set together with auth-username. It is mutually exclusive with auth-password-file and bearer-token flags.");
        fs.Define(FlagNames.WebAuthPasswordFile, FlagKind.String, string.Empty, "Path for auth password file containing the actual password used for web endpoint authentication. This flag should be set together with auth-username. It is mutually exclusive with auth-password and bearer-token methods.");
        fs.Define(FlagNames.WebAuthBearerToken, FlagKind.String, string.Empty, "Bearer token (JWT) used for web endpoint authentication. Disabled by default. Mutually exclusive with bearer-token-file and basic auth methods.");
        fs.Define(FlagNames.WebAuthBearerTokenFile, FlagKind.String, string.Empty, "Path of the file containing the bearer token (JWT) used for web endpoint authentication. Disabled by default. Mutually exclusive with bearer-token and basic auth methods.");
        if (version.SupportsAuthIgnorePath)
        {
            fs.Define(FlagNames.WebAuthIgnorePath, FlagKind.StringList, string.Empty, "Paths for which the authentication is ignored. Can be specified multiple times.");
        }

        // pkg/limits, pkg/tenancy, pkg/query
        fs.Define("cache.memory-target", FlagKind.String, "80%", "Target for max amount of memory to use. Specified in bytes or as a percentage of system memory (e.g. 80%).");
        fs.Define("metrics.multi-tenancy", FlagKind.Bool, "false", "Use multi-tenancy mode in Promscale.");
        fs.Define("metrics.multi-tenancy.allow-non-tenants", FlagKind.Bool, "false", "Allow Promscale to ingest/query all tenants as well as non-tenants. By setting this to true, Promscale will ingest data from non multi-tenant Prometheus instances as well. If this is false, only multi-tenants (tenants listed in 'multi-tenancy-valid-tenants') are allowed.");
        fs.Define("metrics.multi-tenancy.valid-tenants", FlagKind.String, "allow-all", "Sets valid tenants that are allowed to be ingested/queried from Promscale. This can be set as: 'allow-all' (default) or a comma separated tenant names. 'allow-all' makes Promscale ingest or query any tenant from itself. A comma separated list will indicate only those tenants that are authorized for operations from Promscale.");
        fs.Define("metrics.promql.default-subquery-step-interval", FlagKind.Duration, "1m0s", "Default step interval to be used for PromQL subquery evaluation. This value is used if the subquery does not specify the step value explicitly. Example: <metric_name>[30m:]. Note: in Prometheus this setting is set by the evaluation_interval option.");
        fs.Define("metrics.promql.lookback-delta", FlagKind.Duration, "5m0s", "The maximum lookback duration for retrieving metrics during expression evaluations and federation.");
        fs.Define("metrics.promql.max-points-per-ts", FlagKind.Int, "11000", "Maximum number of points per time-series in a query-range request. This calculation is an estimation, that happens as (start - end)/step where start and end are the 'start' and 'end' timestamps of the query_range.");
        fs.Define("metrics.promql.max-samples", FlagKind.Int, "50000000", "Maximum number of samples a single query can load into memory. Note that queries will fail if they try to load more samples than this into memory, so this also limits the number of samples a query can return.");
        fs.Define("metrics.promql.query-timeout", FlagKind.Duration, "2m0s", "Maximum time a query may take before being aborted. This option sets both the default and maximum value of the 'timeout' parameter in '/api/v1/query.*' endpoints.");

        // pkg/runner
        fs.Define(FlagNames.Config, FlagKind.String, "config.yml", "YAML configuration file path for Promscale.");
        fs.Define(FlagNames.WebListenAddress, FlagKind.String, ":9201", "Address to listen on for web endpoints.");
        fs.Define("thanos.store-api.server-address", FlagKind.String, string.Empty, "Address to listen on for Thanos Store API endpoints.");
        if (minor >= 14)
        {
            fs.Define(FlagNames.TracingGrpcServerAddress, FlagKind.String, ":9202", "Address to listen on for Jaeger and OpenTelemetry GRPC server.");
            fs.DefineAlias(FlagNames.TracingOtlpServerAddress, FlagNames.TracingGrpcServerAddress, "Alias for -tracing.grpc.server-address. (DEPRECATED)");
        }
        else
        {
            fs.Define(FlagNames.TracingOtlpServerAddress, FlagKind.String, ":9202", "Address to listen on for OpenTelemetry OTLP GRPC server.");
        }

        if (minor >= 11)
        {
            fs.Define(FlagNames.TracingStreamingSpanWriter, FlagKind.Bool, "true", "StreamingSpanWriter for remote Jaeger grpc store.");
        }

        fs.Define("web.cors-origin", FlagKind.String, ".*", "Regex for CORS origin. It is fully anchored. Example: 'https?://(domain1|domain2)\\.com'");
        fs.Define(FlagNames.ThroughputInterval, FlagKind.Duration, "1s", "Duration interval at which throughput should be reported. Setting duration to `0` will disable reporting throughput, otherwise, an interval with unit must be provided, e.g. `10s` or `3m`.");
        fs.Define("startup.dataset.config", FlagKind.String, string.Empty, "Dataset configuration in YAML format for Promscale. It is used for setting various dataset configuration like default metric chunk interval");
        fs.Define(FlagNames.StartupOnly, FlagKind.Bool, "false", "Only run startup configuration with Promscale (i.e. migrate) and exit. Can be used to run promscale as an init container for HA setups.");
        fs.Define(FlagNames.StartupSkipMigrate, FlagKind.Bool, "false", "Skip migrating Promscale SQL schema to latest version on startup.");
        fs.Define(FlagNames.StartupUseSchemaVersionLease, FlagKind.Bool, "true", "Use schema version lease to prevent race conditions during migration.");
        fs.Define(FlagNames.StartupInstallExtensions, FlagKind.Bool, "true", "Install TimescaleDB, Promscale extension.");
        fs.Define(FlagNames.StartupUpgradeExtensions, FlagKind.Bool, "true", "Upgrades TimescaleDB, Promscale extensions.");
        fs.Define(FlagNames.StartupUpgradePrereleaseExtensions, FlagKind.Bool, "false", "Upgrades to pre-release TimescaleDB, Promscale extensions.");
        fs.Define(FlagNames.AuthTlsCertFile, FlagKind.String, string.Empty, "TLS Certificate file used for server authentication, leave blank to disable TLS. NOTE: this option is used for all servers that Promscale runs (web and GRPC).");
        fs.Define(FlagNames.AuthTlsKeyFile, FlagKind.String, string.Empty, "TLS Key file for server authentication, leave blank to disable TLS. NOTE: this option is used for all servers that Promscale runs (web and GRPC).");

        if (minor >= 12)
        {
            fs.Define("metrics.rules.config-file", FlagKind.String, string.Empty, "Path to configuration file in Prometheus-format, containing `rule_files` and optional `alerting`, `global` fields. For more details, see https://prometheus.io/docs/prometheus/latest/configuration/configuration/. Note: If this is flag or `rule_files` is empty, Promscale rule-manager will not start. If `alertmanagers` is empty, alerting will not be initialized.");
            fs.Define("metrics.alertmanager.notification-queue-capacity", FlagKind.Int, "10000", "The capacity of the queue for pending Alertmanager notifications.");
        }

        if (version.HasVacuumEngine)
        {
            fs.Define(FlagNames.VacuumDisable, FlagKind.Bool, "false", "Disables the vacuum engine.");
            fs.Define("vacuum.run-frequency", FlagKind.Duration, "10m0s", "How frequently the vacuum engine should run.");
            fs.Define(FlagNames.VacuumParallelism, FlagKind.Int, "4", "Maximum number of tables to vacuum in parallel. Must be less than db.connections.maint-pool.size");
        }

        if (version.IsLegacy)
        {
            fs.Define(FlagNames.Migrate, FlagKind.String, "true", $"Update the Prometheus SQL schema to the latest version. Valid options are: [true, false, only]. {DeprecatedSuffix}");
            fs.Define("tracing.query.server-address", FlagKind.String, ":9203", "Address to listen for HTTP server for serving tracing queries. This server responds in the lines of the Jaeger HTTP API.");

            // 0.10 registers every old name as a live alias of the new flag (flags.go@0.10.0, addAliases).
            foreach (var (newName, oldName) in RemovedFlagNames.ByNewName)
            {
                if (fs.Contains(newName))
                {
                    fs.DefineAlias(oldName, newName, $"Alias for -{newName} flag. {DeprecatedSuffix}");
                }
            }
        }

        return fs;
    }

    /// <summary>
    /// The second flag set of 0.11+ (<c>checkForRemovedConfigFlags</c>): only the removed names, re-parsing the
    /// arguments after any parse error, so its own error and usage land on stderr too (contract §1.4).
    /// </summary>
    public static GoFlagSet BuildRemovedNamesSet(string programName, Action<string> output)
    {
        var fs = new GoFlagSet(programName, output);
        fs.Define(FlagNames.Config, FlagKind.String, "config.yml", string.Empty);
        fs.Define(FlagNames.Migrate, FlagKind.String, "true", string.Empty);
        foreach (var (newName, oldName) in RemovedFlagNames.ByNewName)
        {
            fs.Define(oldName, FlagKind.String, string.Empty, $"alias: {newName}");
        }

        return fs;
    }
}
