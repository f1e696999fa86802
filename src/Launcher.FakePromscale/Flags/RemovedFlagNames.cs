namespace PromscaleLauncher.FakePromscale.Flags;

/// <summary>
/// <c>flagAliases</c> of <c>pkg/runner/flags.go</c>: live aliases in 0.10, removed (fatal) names in 0.11+ (contract §1.6).
/// </summary>
internal static class RemovedFlagNames
{
    /// <summary>New name → old name.</summary>
    public static readonly IReadOnlyDictionary<string, string> ByNewName = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["auth.tls-cert-file"] = "tls-cert-file",
        ["auth.tls-key-file"] = "tls-key-file",
        ["cache.memory-target"] = "memory-target",
        ["db.app"] = "app",
        ["db.connection-timeout"] = "db-connection-timeout",
        ["db.connections-max"] = "db-connections-max",
        ["db.host"] = "db-host",
        ["db.name"] = "db-name",
        ["db.num-writer-connections"] = "db-writer-connection-concurrency",
        ["db.password"] = "db-password",
        ["db.port"] = "db-port",
        ["db.read-only"] = "read-only",
        ["db.ssl-mode"] = "db-ssl-mode",
        ["db.statements-cache"] = "db-statements-cache",
        ["db.uri"] = "db-uri",
        ["db.user"] = "db-user",
        ["metrics.async-acks"] = "async-acks",
        ["metrics.cache.exemplar.size"] = "exemplar-cache-size",
        ["metrics.cache.labels.size"] = "labels-cache-size",
        ["metrics.cache.metrics.size"] = "metrics-cache-size",
        ["metrics.cache.series.initial-size"] = "series-cache-initial-size",
        ["metrics.cache.series.max-bytes"] = "series-cache-max-bytes",
        ["metrics.high-availability"] = "high-availability",
        ["metrics.ignore-samples-written-to-compressed-chunks"] = "ignore-samples-written-to-compressed-chunks",
        ["metrics.multi-tenancy"] = "multi-tenancy",
        ["metrics.multi-tenancy.allow-non-tenants"] = "multi-tenancy-allow-non-tenants",
        ["metrics.multi-tenancy.valid-tenants"] = "multi-tenancy-valid-tenants",
        ["metrics.promql.default-subquery-step-interval"] = "promql-default-subquery-step-interval",
        ["metrics.promql.lookback-delta"] = "promql-lookback-delta",
        ["metrics.promql.max-points-per-ts"] = "promql-max-points-per-ts",
        ["metrics.promql.max-samples"] = "promql-max-samples",
        ["metrics.promql.query-timeout"] = "promql-query-timeout",
        ["startup.install-extensions"] = "install-extensions",
        ["startup.upgrade-extensions"] = "upgrade-extensions",
        ["startup.upgrade-prerelease-extensions"] = "upgrade-prerelease-extensions",
        ["startup.use-schema-version-lease"] = "use-schema-version-lease",
        ["telemetry.log.format"] = "log-format",
        ["telemetry.log.level"] = "log-level",
        ["telemetry.log.throughput-report-interval"] = "tput-report",
        ["thanos.store-api.server-address"] = "thanos-store-api-listen-address",
        ["tracing.otlp.server-address"] = "otlp-grpc-server-listen-address",
        ["web.auth.bearer-token"] = "bearer-token",
        ["web.auth.bearer-token-file"] = "bearer-token-file",
        ["web.auth.password"] = "auth-password",
        ["web.auth.password-file"] = "auth-password-file",
        ["web.auth.username"] = "auth-username",
        ["web.cors-origin"] = "web-cors-origin",
        ["web.enable-admin-api"] = "web-enable-admin-api",
        ["web.listen-address"] = "web-listen-address",
        ["web.telemetry-path"] = "web-telemetry-path",
    };

    public static IReadOnlyDictionary<string, string> ByOldName { get; } =
        ByNewName.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);
}
