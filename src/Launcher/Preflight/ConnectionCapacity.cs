using PromscaleLauncher.Database;

namespace PromscaleLauncher.Preflight;

/// <summary>
/// How many connections Promscale can really have: the tightest of the server-wide slots, the role's limit
/// and the database's limit, after what others hold now, the reserved slots, the operator's headroom and the
/// launcher's own maintenance connection (Maintenance/, one at a time across containers: an advisory lock).
/// </summary>
internal sealed record ConnectionCapacity(
    int ServerSlots,
    int? RoleSlots,
    int? DatabaseSlots,
    int Headroom,
    int Instances,
    int Maintenance = 0)
{
    /// <summary>Connections free for all Promscale instances together.</summary>
    public int FreeForPromscale => Math.Max(0, Math.Min(ServerSlots, Math.Min(RoleSlots ?? int.MaxValue, DatabaseSlots ?? int.MaxValue)) - Headroom - Maintenance);

    /// <summary>This instance's share.</summary>
    public int PerInstance => FreeForPromscale / Instances;

    /// <summary>Which limit is the tightest: each has its own fix.</summary>
    public ConnectionLimit Limit
    {
        get
        {
            var tightest = Math.Min(ServerSlots, Math.Min(RoleSlots ?? int.MaxValue, DatabaseSlots ?? int.MaxValue));
            if (RoleSlots == tightest && RoleSlots < ServerSlots)
            {
                return ConnectionLimit.Role;
            }
            return DatabaseSlots == tightest && DatabaseSlots < ServerSlots ? ConnectionLimit.Database : ConnectionLimit.MaxConnections;
        }
    }

    /// <summary>Which limit is the tightest, for messages.</summary>
    public string LimitingFactor => Limit switch
    {
        ConnectionLimit.Role => "the role's CONNECTION LIMIT",
        ConnectionLimit.Database => "the database's CONNECTION LIMIT",
        _ => "max_connections",
    };

    /// <summary>Whether max_connections alone (less reserved slots, others and headroom) leaves <paramref name="needed"/> connections.</summary>
    public bool ServerAllows(int needed) => ServerSlots - Headroom - Maintenance >= needed;

    public static ConnectionCapacity From(ServerFacts facts, int headroom, int instances, int maintenance = 0)
    {
        // Reserved slots are for superusers (and pg_use_reserved_connections on 16+): Promscale must not count on them.
        var serverSlots = facts.MaxConnections - facts.SuperuserReservedConnections - facts.ReservedConnections - facts.OtherConnections;
        int? roleSlots = facts.RoleConnectionLimit >= 0 && !facts.IsSuperuser ? facts.RoleConnectionLimit - facts.OtherRoleConnections : null;
        int? databaseSlots = facts.DatabaseConnectionLimit >= 0 && !facts.IsSuperuser ? facts.DatabaseConnectionLimit - facts.OtherDatabaseConnections : null;
        return new ConnectionCapacity(serverSlots, roleSlots, databaseSlots, headroom, instances, maintenance);
    }
}
