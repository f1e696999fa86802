namespace PromscaleLauncher.Configuration;

/// <summary>
/// Environment variables of the pre-0.10 flag names. Promscale 0.10 still accepts them (with a deprecation
/// warning); 0.11+ refuses to start when any is set (docs/promscale.md §1.6, `flagAliases` in pkg/runner/flags.go).
/// The launcher refuses them for every version, since the new names work from 0.10 on.
/// </summary>
internal static class RemovedPromscaleVariables
{
    /// <summary>New flag name → removed flag name, as Promscale's flagAliases lists them.</summary>
    private static readonly (string NewFlag, string OldFlag)[] _renamedFlags =
    [
        ("auth.tls-cert-file", "tls-cert-file"),
        ("auth.tls-key-file", "tls-key-file"),
        ("cache.memory-target", "memory-target"),
        ("db.app", "app"),
        ("db.num-writer-connections", "db-writer-connection-concurrency"),
        ("db.read-only", "read-only"),
        ("metrics.async-acks", "async-acks"),
        ("metrics.cache.exemplar.size", "exemplar-cache-size"),
        ("metrics.cache.labels.size", "labels-cache-size"),
        ("metrics.cache.metrics.size", "metrics-cache-size"),
        ("metrics.cache.series.initial-size", "series-cache-initial-size"),
        ("metrics.cache.series.max-bytes", "series-cache-max-bytes"),
        ("metrics.high-availability", "high-availability"),
        ("metrics.ignore-samples-written-to-compressed-chunks", "ignore-samples-written-to-compressed-chunks"),
        ("metrics.multi-tenancy", "multi-tenancy"),
        ("metrics.multi-tenancy.allow-non-tenants", "multi-tenancy-allow-non-tenants"),
        ("metrics.multi-tenancy.valid-tenants", "multi-tenancy-valid-tenants"),
        ("metrics.promql.default-subquery-step-interval", "promql-default-subquery-step-interval"),
        ("metrics.promql.lookback-delta", "promql-lookback-delta"),
        ("metrics.promql.max-points-per-ts", "promql-max-points-per-ts"),
        ("metrics.promql.max-samples", "promql-max-samples"),
        ("metrics.promql.query-timeout", "promql-query-timeout"),
        ("startup.install-extensions", "install-extensions"),
        ("startup.upgrade-extensions", "upgrade-extensions"),
        ("startup.upgrade-prerelease-extensions", "upgrade-prerelease-extensions"),
        ("startup.use-schema-version-lease", "use-schema-version-lease"),
        ("telemetry.log.format", "log-format"),
        ("telemetry.log.level", "log-level"),
        ("telemetry.log.throughput-report-interval", "tput-report"),
        ("thanos.store-api.server-address", "thanos-store-api-listen-address"),
        ("tracing.otlp.server-address", "otlp-grpc-server-listen-address"),
        ("web.auth.bearer-token", "bearer-token"),
        ("web.auth.bearer-token-file", "bearer-token-file"),
        ("web.auth.password", "auth-password"),
        ("web.auth.password-file", "auth-password-file"),
        ("web.auth.username", "auth-username"),
    ];

    /// <summary>Removed variable → the variable to use instead.</summary>
    public static readonly IReadOnlyDictionary<string, string> Replacements = _renamedFlags
        .ToDictionary(pair => ToVariableName(pair.OldFlag), pair => ToVariableName(pair.NewFlag));

    /// <summary>PROMSCALE_MIGRATE has no one-to-one replacement.</summary>
    public const string Migrate = "PROMSCALE_MIGRATE";

    /// <summary>Promscale's rule (pkg/util GetEnvVarName): PROMSCALE_ + upper case, '.' and '-' → '_'.</summary>
    public static string ToVariableName(string flag) =>
        "PROMSCALE_" + flag.ToUpperInvariant().Replace('.', '_').Replace('-', '_');
}
