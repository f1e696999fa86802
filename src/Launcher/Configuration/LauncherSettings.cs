using PromscaleLauncher.Promscale;

namespace PromscaleLauncher.Configuration;

/// <summary>The launcher's validated configuration, read once from the environment.</summary>
internal sealed record LauncherSettings
{
    public static readonly TimeSpan DefaultDbWait = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan DefaultWatchdogInterval = TimeSpan.FromSeconds(15);
    public const int DefaultWatchdogFailures = 4;

    /// <summary>Scalingo kills a web container that does not accept on $PORT within 60 s of its start.</summary>
    public static readonly TimeSpan DefaultBootWindow = TimeSpan.FromSeconds(60);
    public const int DefaultPort = 9201;
    public const int DefaultDbHeadroom = 3;

    /// <summary>SCALINGO_POSTGRESQL_URL, or DATABASE_URL when only that one is set.</summary>
    public required string DatabaseUrlVariable { get; init; }

    /// <summary>The operator's URL as given (sslmode untouched).</summary>
    public required PostgresUrl GivenDatabaseUrl { get; init; }

    /// <summary>The sslmode both the preflight and Promscale use.</summary>
    public required SslMode SslMode { get; init; }

    /// <summary>The URL with the effective sslmode: what the preflight and Promscale connect to.</summary>
    public PostgresUrl DatabaseUrl => GivenDatabaseUrl.WithParameter("sslmode", SslMode.ToUrlValue());

    /// <summary>
    /// <see cref="DatabaseUrl"/> without the parameters that only the preflight applies (UrlParameters): what Promscale gets.
    /// </summary>
    public PostgresUrl PromscaleDatabaseUrl => DatabaseUrl.Parameters
        .Where(pair => UrlParameters.Find(pair.Key).Handling == UrlParameterHandling.RemovedForPromscale)
        .Aggregate(DatabaseUrl, (url, pair) => url.WithoutParameter(pair.Key));

    public required string WebAuthUsername { get; init; }

    public required SecretString WebAuthPassword { get; init; }

    public required int Port { get; init; }

    /// <summary>PROMSCALE_DB_CONNECTIONS_MAX when the operator set it; otherwise the budget decides.</summary>
    public int? ConnectionsMax { get; init; }

    /// <summary>PROMSCALE_STARTUP_INSTALL_EXTENSIONS when set; otherwise the preflight decides.</summary>
    public bool? InstallExtensions { get; init; }

    /// <summary>PROMSCALE_STARTUP_UPGRADE_EXTENSIONS when set; otherwise the preflight decides.</summary>
    public bool? UpgradeExtensions { get; init; }

    public required PromscaleVersion PromscaleVersion { get; init; }

    /// <summary>Whether PROMSCALE_VERSION was set, or the launcher assumed the default.</summary>
    public required bool PromscaleVersionFromEnvironment { get; init; }

    public string? PromscaleBinary { get; init; }

    public TimeSpan DbWait { get; init; } = DefaultDbWait;

    public int Instances { get; init; } = 1;

    /// <summary>Whether PROMSCALE_LAUNCHER_INSTANCES was set; when not, the preflight counts the Promscale containers it sees.</summary>
    public bool InstancesSet { get; init; }

    /// <summary>PROMSCALE_LAUNCHER_DEPLOY_OVERLAP: leave room for a second generation of containers during a deploy.</summary>
    public bool DeployOverlap { get; init; } = true;

    /// <summary>This container's name (CONTAINER, else the host name), as Promscale's application_name carries it.</summary>
    public string Container { get; init; } = "";

    public LogFormat LogFormat { get; init; } = LogFormat.Text;

    public bool AllowInsecureDb { get; init; }

    public TimeSpan StopTimeout { get; init; } = DefaultStopTimeout;

    /// <summary>How long after the launcher's start Promscale should answer /healthz before the launcher reports it late.</summary>
    public TimeSpan BootWindow { get; init; } = DefaultBootWindow;

    /// <summary>Connections kept free for one-off containers, psql and maintenance.</summary>
    public int DbHeadroom { get; init; } = DefaultDbHeadroom;

    /// <summary>PROMSCALE_LAUNCHER_MAINTENANCE_INTERVAL: when the launcher calls prom_api.execute_maintenance() (Maintenance/).</summary>
    public MaintenanceSchedule Maintenance { get; init; } = MaintenanceSchedule.Auto;

    /// <summary>Whether a failed preflight stops the launch (enforce) or is only logged (warn).</summary>
    public PreflightMode PreflightMode { get; init; } = PreflightMode.Enforce;

    /// <summary>Whether the launcher does Promscale 0.10.0's first install on TimescaleDB ≥ 2.14 itself (docs/first-install.md).</summary>
    public FirstInstallMode FirstInstall { get; init; } = FirstInstallMode.Auto;

    /// <summary>PROMSCALE_LAUNCHER_WATCHDOG_INTERVAL: how often the watchdog probes /healthz once Promscale is ready; zero: no watchdog.</summary>
    public TimeSpan WatchdogInterval { get; init; } = DefaultWatchdogInterval;

    /// <summary>PROMSCALE_LAUNCHER_WATCHDOG_FAILURES: consecutive failed probes before the watchdog checks the database itself.</summary>
    public int WatchdogFailures { get; init; } = DefaultWatchdogFailures;

    /// <summary>Every secret the launcher knows, for redaction of any text it prints or forwards.</summary>
    public IReadOnlyList<string> Secrets
    {
        get
        {
            var secrets = new List<string>();
            if (GivenDatabaseUrl.Password is { IsEmpty: false } password)
            {
                secrets.Add(password.Reveal());
            }
            foreach (var parameter in PostgresUrl.SecretParameterNames)
            {
                if (GivenDatabaseUrl.GetParameter(parameter) is { Length: > 0 } value)
                {
                    secrets.Add(value);
                }
            }
            if (!WebAuthPassword.IsEmpty)
            {
                secrets.Add(WebAuthPassword.Reveal());
            }
            return secrets;
        }
    }
}
