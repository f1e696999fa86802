using Npgsql;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Database;

namespace PromscaleLauncher.Maintenance;

/// <summary>
/// The maintenance pass's connections: the preflight's settings and TLS, its own application_name, and no pooling, so
/// that closing the connection ends the session. That matters: execute_maintenance's per-metric locks are session
/// advisory locks that stay held after an error until the session ends (docs/promscale.md §10.2), and so is the
/// launcher's own <see cref="MaintenanceLock"/>.
/// </summary>
internal static class MaintenanceDataSource
{
    public const string ApplicationName = "promscale-launcher maintenance";

    public static NpgsqlDataSource Create(LauncherSettings settings) =>
        PreflightDataSource.Create(settings, builder =>
        {
            builder.ApplicationName = ApplicationName;
            builder.Pooling = false;
            // The server's statement_timeout bounds the CALL (MaintenancePass); cancellation goes through the token.
            builder.CommandTimeout = 0;
        });
}
