using PromscaleLauncher.Database;

namespace PromscaleLauncher.Tests.Database;

/// <summary>Server facts shaped like a Scalingo PostgreSQL 14 Starter database with TimescaleDB enabled.</summary>
internal static class ServerFactsExamples
{
    public static ServerFacts Scalingo14() => new()
    {
        ServerVersionNumber = 140023,
        ServerVersion = "14.23",
        CurrentUser = "my_app_4553",
        Database = "my_app_4553",
        ConnectionEncrypted = true,
        IsSuperuser = false,
        CanCreateRole = false,
        CanCreateInDatabase = true,
        RoleConnectionLimit = -1,
        DatabaseConnectionLimit = -1,
        MaxConnections = 60,
        SuperuserReservedConnections = 3,
        ReservedConnections = 0,
        OtherConnections = 0,
        OtherRoleConnections = 0,
        OtherDatabaseConnections = 0,
        PromscaleConnections = 0,
        TimescaleDbPreloadSetting = "16",
        TimescaleDbLicense = "apache",
        TimescaleDbAvailableVersion = "2.19.3",
        TimescaleDbInstalledVersion = "2.19.3",
        PromscaleRoles = [],
        SchemaVersionTableExists = false,
        SchemaLockHolders = [],
    };
}
