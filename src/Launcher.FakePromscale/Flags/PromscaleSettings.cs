namespace PromscaleLauncher.FakePromscale.Flags;

/// <summary>The parsed, validated configuration the run acts on (Promscale's <c>runner.Config</c>, reduced).</summary>
internal sealed record PromscaleSettings
{
    public required string DbUri { get; init; }

    public required string DbHost { get; init; }

    public required int DbPort { get; init; }

    public required string DbUser { get; init; }

    public required string DbPassword { get; init; }

    public required string DbName { get; init; }

    public required string DbSslMode { get; init; }

    public required TimeSpan DbConnectionTimeout { get; init; }

    public required string DbApp { get; init; }

    public required int ConnectionsMax { get; init; }

    /// <summary><c>db.num-writer-connections</c> (0.10) or <c>db.connections.num-writers</c> (0.17).</summary>
    public required int WriterConnectionsSetting { get; init; }

    public required int WriterPoolSize { get; init; }

    public required int ReaderPoolSize { get; init; }

    public required int MaintPoolSize { get; init; }

    public required string ListenAddress { get; init; }

    public required string AuthUsername { get; init; }

    /// <summary>The Basic-auth password, read from <c>web.auth.password-file</c> when that was used.</summary>
    public required string AuthPassword { get; init; }

    public required string AuthPasswordFile { get; init; }

    /// <summary>The bearer token, read from <c>web.auth.bearer-token-file</c> when that was used.</summary>
    public required string BearerToken { get; init; }

    public required string BearerTokenFile { get; init; }

    public required string LogLevel { get; init; }

    public required string LogFormat { get; init; }

    public required bool StartupOnly { get; init; }

    /// <summary><c>-migrate=only</c> (0.10) or <c>startup.only</c> (0.11+): migrate, log it, exit 0.</summary>
    public required bool StopAfterMigrate { get; init; }

    public required bool Migrate { get; init; }

    public required bool UseSchemaVersionLease { get; init; }

    public required bool InstallExtensions { get; init; }

    public required bool UpgradeExtensions { get; init; }

    public required string ConfigFile { get; init; }

    public bool UsesDbUri => DbUri.Length > 0;
}
