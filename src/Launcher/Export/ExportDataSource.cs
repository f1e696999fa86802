using Npgsql;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Database;

namespace PromscaleLauncher.Export;

/// <summary>
/// The export's connections: the launcher's URL, sslmode and TLS rules (as the preflight), its own application_name,
/// no client-side command timeout (a window's query streams for as long as the receiver takes), and room for two
/// connections per concurrent window (one streams samples, one resolves labels and records progress) plus the main one.
/// </summary>
internal static class ExportDataSource
{
    public const string ApplicationName = "promscale-launcher export";

    public static NpgsqlDataSource Create(LauncherSettings settings, int concurrency) =>
        PreflightDataSource.Create(settings, builder =>
        {
            builder.ApplicationName = ApplicationName;
            builder.CommandTimeout = 0;
            builder.MaxPoolSize = 2 * concurrency + 2;
        });
}
