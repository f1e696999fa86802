using PromscaleLauncher.Configuration;

namespace PromscaleLauncher.FirstInstall;

/// <summary>
/// How the next start gets Promscale 0.10.0's schema, decided from the server's facts alone (<see cref="FirstInstallPlanner"/>):
/// what `check` reports and what the first-install stage of `run` does.
/// </summary>
internal sealed record FirstInstallPlan
{
    public required FirstInstallPath Path { get; init; }

    public required FirstInstallMode Mode { get; init; }

    public required string Role { get; init; }

    public required string Database { get; init; }

    /// <summary>The schema's version, on <see cref="FirstInstallPath.ExistingSchema"/>.</summary>
    public string? SchemaVersion { get; init; }

    /// <summary>The TimescaleDB version Promscale's migration would meet in the database; null when none.</summary>
    public string? TimescaleDbAtMigration { get; init; }

    /// <summary>The TimescaleDB version created in the database now, if any.</summary>
    public string? TimescaleDbInstalled { get; init; }

    public string? TimescaleDbOwner { get; init; }

    /// <summary>The server's default TimescaleDB version, which CREATE EXTENSION creates.</summary>
    public string? TimescaleDbAvailable { get; init; }

    public int? Hypertables { get; init; }

    public IReadOnlyList<FirstInstallObstacle> Obstacles { get; init; } = [];

    /// <summary>The steps of the plain-schema-then-TimescaleDB path: the drop only when TimescaleDB is created now.</summary>
    public IReadOnlyList<FirstInstallStep> Steps => Path is FirstInstallPath.PlainSchemaThenTimescaleDb or FirstInstallPath.Impossible
        ? TimescaleDbInstalled is null
            ? [FirstInstallStep.MigrateSchema, FirstInstallStep.CreateTimescaleDb]
            : [FirstInstallStep.DropTimescaleDb, FirstInstallStep.MigrateSchema, FirstInstallStep.CreateTimescaleDb]
        : [];

    /// <summary>Whether `run` changes the database before starting Promscale.</summary>
    public bool LauncherInstalls => Path == FirstInstallPath.PlainSchemaThenTimescaleDb && Mode == FirstInstallMode.Auto;
}
