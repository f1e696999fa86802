using PromscaleLauncher.Promscale;

namespace PromscaleLauncher.Preflight;

/// <summary>
/// Turns a connection budget into the Promscale settings that really bound its connections for that version
/// (docs/promscale.md §2.2), because db.connections-max alone does not: in 0.10 the eager pool minimum is GOMAXPROCS
/// (the host's cores on Scalingo), and in 0.15+ the pools default to fractions of max_connections.
/// </summary>
internal static class PromscaleConnectionSettings
{
    public const string ConnectionsMax = "PROMSCALE_DB_CONNECTIONS_MAX";
    public const string WriterPoolSize = "PROMSCALE_DB_CONNECTIONS_WRITER_POOL_SIZE";
    public const string ReaderPoolSize = "PROMSCALE_DB_CONNECTIONS_READER_POOL_SIZE";
    public const string MaintenancePoolSize = "PROMSCALE_DB_CONNECTIONS_MAINT_POOL_SIZE";
    public const string NumWriters = "PROMSCALE_DB_CONNECTIONS_NUM_WRITERS";
    public const string VacuumParallelism = "PROMSCALE_VACUUM_PARALLELISM";
    public const string GoMaxProcs = "GOMAXPROCS";

    private const int MinimumPoolSize = 2;
    private const int DefaultMaintenancePoolSize = 5;

    /// <summary>
    /// The fewest connections with which this version starts: its eager pool minimum plus the lease and
    /// probe connections it holds during start-up (docs/promscale.md §3.7).
    /// </summary>
    public static int MinimumBudget(PromscaleEra era) => era switch
    {
        PromscaleEra.SqlMigrations or PromscaleEra.ExtensionSinglePool => 3,
        PromscaleEra.ReaderWriterPools => 5,
        _ => 7,
    };

    /// <summary>The environment that holds Promscale to <paramref name="budget"/> connections.</summary>
    public static IReadOnlyDictionary<string, string> For(PromscaleVersion version, int budget, int processorCount)
    {
        if (budget < MinimumBudget(version.Era))
        {
            throw new ArgumentOutOfRangeException(nameof(budget), budget, $"Promscale {version} needs at least {MinimumBudget(version.Era)} connections.");
        }
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal) { [ConnectionsMax] = Text(budget) };
        switch (version.Era)
        {
            case PromscaleEra.SqlMigrations or PromscaleEra.ExtensionSinglePool:
                // One pool of db.connections-max; its minimum, opened eagerly, is GOMAXPROCS in 0.10–0.11
                // (0.12 uses the database's CPU count, which the launcher cannot bound).
                if (version.Minor <= 11)
                {
                    settings[GoMaxProcs] = Text(Math.Clamp(budget / 2, 1, Math.Max(1, processorCount)));
                }
                break;
            case PromscaleEra.ReaderWriterPools:
                {
                    var reader = Math.Max(MinimumPoolSize, budget * 3 / 8);
                    settings[ReaderPoolSize] = Text(reader);
                    settings[WriterPoolSize] = Text(budget - reader);
                    break;
                }
            default:
                {
                    var maintenance = Math.Clamp(budget / 6, MinimumPoolSize, DefaultMaintenancePoolSize);
                    var reader = Math.Max(MinimumPoolSize, (budget - maintenance) * 3 / 8);
                    var writer = budget - maintenance - reader;
                    settings[MaintenancePoolSize] = Text(maintenance);
                    settings[ReaderPoolSize] = Text(reader);
                    settings[WriterPoolSize] = Text(writer);
                    // Copiers default to the database's CPU count and are halved with a warning when ≥ the writer pool.
                    settings[NumWriters] = Text(Math.Max(1, writer / 2));
                    if (maintenance < DefaultMaintenancePoolSize)
                    {
                        // Promscale's docs ask for maint ≥ vacuum.parallelism + 1 (default parallelism 4).
                        settings[VacuumParallelism] = Text(maintenance - 1);
                    }
                    break;
                }
        }
        return settings;
    }

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
