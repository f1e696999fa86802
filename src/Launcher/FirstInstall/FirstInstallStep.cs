namespace PromscaleLauncher.FirstInstall;

/// <summary>The steps of the plain-schema-then-TimescaleDB path, in order; each is logged with its duration.</summary>
internal enum FirstInstallStep
{
    DropTimescaleDb,
    MigrateSchema,
    CreateTimescaleDb,
}
