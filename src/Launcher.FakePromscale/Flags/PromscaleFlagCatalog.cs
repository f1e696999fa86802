using PromscaleLauncher.FakePromscale.Versions;

namespace PromscaleLauncher.FakePromscale.Flags;

/// <summary>
/// The flags the fake acts on, with Promscale's Go types, defaults and usage texts (docs/promscale.md §2): those the
/// launcher sets and those that change what the launcher observes. Promscale defines many more; an environment
/// variable of an undefined flag is ignored, as Promscale ignores unknown <c>PROMSCALE_*</c> variables.
/// </summary>
internal static class PromscaleFlagCatalog
{
    public static GoFlagSet Build(PromscaleVersion version, string programName, Action<string> output)
    {
        var fs = new GoFlagSet(programName, output);

        // pkg/pgclient
        fs.Define(FlagNames.DbApp, FlagKind.String, $"promscale@{version.Text}", "This sets the application_name in database connection string. This is helpful during debugging when looking at pg_stat_activity.");
        fs.Define(FlagNames.DbHost, FlagKind.String, "localhost", "Host for TimescaleDB/Vanilla Postgres.");
        fs.Define(FlagNames.DbPort, FlagKind.Int, "5432", "TimescaleDB/Vanilla Postgres connection password.");
        fs.Define(FlagNames.DbUser, FlagKind.String, "postgres", "TimescaleDB/Vanilla Postgres user.");
        fs.Define(FlagNames.DbPassword, FlagKind.String, string.Empty, "Password for connecting to TimescaleDB/Vanilla Postgres.");
        fs.Define(FlagNames.DbName, FlagKind.String, "timescale", "Database name.");
        fs.Define(FlagNames.DbSslMode, FlagKind.String, "require", "TimescaleDB/Vanilla Postgres connection ssl mode. If you do not want to use ssl, pass 'allow' as value.");
        fs.Define(FlagNames.DbConnectionTimeout, FlagKind.Duration, "1m0s", "Timeout for establishing the connection between Promscale and TimescaleDB.");
        fs.Define(FlagNames.DbConnectionsMax, FlagKind.Int, "-1", "Maximum number of connections to the database that should be opened at once. It defaults to 80% of the maximum connections that the database can handle.");
        fs.Define(FlagNames.DbUri, FlagKind.String, string.Empty, "TimescaleDB/Vanilla Postgres DB URI. Example DB URI `postgres://postgres:password@localhost:5432/timescale?sslmode=require`");
        if (version.IsLegacy)
        {
            fs.Define(FlagNames.DbNumWriterConnections, FlagKind.Int, "1", "Maximum number of database connections for writing per go thread (as configured via GOMAXPROCS)");
        }
        else
        {
            fs.Define(FlagNames.DbNumWriters, FlagKind.Int, "0", "Number of database connections for writing metrics to database. By default, this will be set based on the number of CPUs available to the DB Promscale is connected to.");
            fs.Define(FlagNames.DbWriterPoolSize, FlagKind.Int, "0", "Maximum size of the writer pool of database connections. This defaults to 50% of max_connections allowed by the database.");
            fs.Define(FlagNames.DbReaderPoolSize, FlagKind.Int, "0", "Maximum size of the reader pool of database connections. This defaults to 30% of max_connections allowed by the database.");
            fs.Define(FlagNames.DbMaintPoolSize, FlagKind.Int, "5", "Maximum size of the maintenance pool of database connections. This defaults to 5 connections, and should be at least vacuum.parallelism + 1.");
            fs.Define(FlagNames.VacuumParallelism, FlagKind.Int, "4", "Maximum number of tables to vacuum in parallel. Must be less than db.connections.maint-pool.size");
        }

        // pkg/log
        fs.Define(FlagNames.LogLevel, FlagKind.String, "info", "Only log messages with the given severity or above. One of: [debug, info, warn, error]");
        fs.Define(FlagNames.LogFormat, FlagKind.String, "logfmt", "Output format of log messages. One of: [logfmt, json]");

        // pkg/api, pkg/auth
        fs.Define(FlagNames.WebAuthUsername, FlagKind.String, string.Empty, "Authentication username used for web endpoint authentication. Disabled by default.");
        fs.Define(FlagNames.WebAuthPassword, FlagKind.String, string.Empty, "Authentication password used for web endpoint authentication. This flag should be set together with auth-username. It is mutually exclusive with auth-password-file and bearer-token flags.");
        fs.Define(FlagNames.WebAuthPasswordFile, FlagKind.String, string.Empty, "Path for auth password file containing the actual password used for web endpoint authentication. This flag should be set together with auth-username. It is mutually exclusive with auth-password and bearer-token methods.");
        fs.Define(FlagNames.WebAuthBearerToken, FlagKind.String, string.Empty, "Bearer token (JWT) used for web endpoint authentication. Disabled by default. Mutually exclusive with bearer-token-file and basic auth methods.");
        fs.Define(FlagNames.WebAuthBearerTokenFile, FlagKind.String, string.Empty, "Path of the file containing the bearer token (JWT) used for web endpoint authentication. Disabled by default. Mutually exclusive with bearer-token and basic auth methods.");

        // pkg/runner
        fs.Define(FlagNames.Config, FlagKind.String, "config.yml", "YAML configuration file path for Promscale.");
        fs.Define(FlagNames.WebListenAddress, FlagKind.String, ":9201", "Address to listen on for web endpoints.");
        fs.Define(FlagNames.StartupOnly, FlagKind.Bool, "false", "Only run startup configuration with Promscale (i.e. migrate) and exit. Can be used to run promscale as an init container for HA setups.");
        fs.Define(FlagNames.StartupSkipMigrate, FlagKind.Bool, "false", "Skip migrating Promscale SQL schema to latest version on startup.");
        fs.Define(FlagNames.StartupUseSchemaVersionLease, FlagKind.Bool, "true", "Use schema version lease to prevent race conditions during migration.");
        fs.Define(FlagNames.StartupInstallExtensions, FlagKind.Bool, "true", "Install TimescaleDB, Promscale extension.");
        fs.Define(FlagNames.StartupUpgradeExtensions, FlagKind.Bool, "true", "Upgrades TimescaleDB, Promscale extensions.");
        if (version.IsLegacy)
        {
            // Deprecated in 0.10 but valid: -migrate=only migrates and exits before the dependency checks (docs/promscale.md §10.1).
            fs.Define(FlagNames.Migrate, FlagKind.String, "true", "Update the Prometheus SQL schema to the latest version. Valid options are: [true, false, only]. (DEPRECATED) Will be removed in version 0.11.0");
        }

        return fs;
    }
}
