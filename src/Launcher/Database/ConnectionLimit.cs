namespace PromscaleLauncher.Database;

/// <summary>Which of PostgreSQL's connection limits binds: each has its own fix.</summary>
internal enum ConnectionLimit
{
    /// <summary>max_connections: every client slot is taken (53300 "sorry, too many clients already").</summary>
    MaxConnections,

    /// <summary>Only superuser_reserved_connections (and reserved_connections, 16+) slots are left: 53300 "remaining connection slots are reserved…".</summary>
    ReservedSlots,

    /// <summary>The role's CONNECTION LIMIT (pg_roles.rolconnlimit): 53300 "too many connections for role".</summary>
    Role,

    /// <summary>The database's CONNECTION LIMIT (pg_database.datconnlimit): 53300 "too many connections for database".</summary>
    Database,
}
