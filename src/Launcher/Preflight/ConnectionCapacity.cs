using PromscaleLauncher.Database;

namespace PromscaleLauncher.Preflight;

/// <summary>
/// How many connections Promscale can really have: the tightest of the server-wide slots, the role's limit
/// and the database's limit, after what others hold now, the reserved slots, the operator's headroom and the
/// launcher's own maintenance connection (Maintenance/, one at a time across containers: an advisory lock).
/// Other Promscale containers' connections are not "held by others": they are part of what the fleet shares.
/// Each container gets free ÷ (instances × generations), and never more than what the peers' budgets leave:
/// so whatever order containers start in, the budgets given together never exceed what is free.
/// </summary>
/// <param name="ServerSlots">max_connections less the reserved slots and other clients' connections.</param>
/// <param name="RoleSlots">The role's CONNECTION LIMIT less its other connections, when it has one.</param>
/// <param name="DatabaseSlots">The database's CONNECTION LIMIT less its other connections, when it has one.</param>
/// <param name="Headroom">PROMSCALE_LAUNCHER_DB_HEADROOM.</param>
/// <param name="Instances">N: the Promscale containers that share.</param>
/// <param name="Maintenance">The launcher's maintenance connection.</param>
/// <param name="Generations">2 while a deploy runs old and new containers side by side (PROMSCALE_LAUNCHER_DEPLOY_OVERLAP), else 1.</param>
/// <param name="Promised">What the peers' launchers already gave their Promscales (their application_name says), which this one must leave.</param>
internal sealed record ConnectionCapacity(
    int ServerSlots,
    int? RoleSlots,
    int? DatabaseSlots,
    int Headroom,
    int Instances,
    int Maintenance = 0,
    int Generations = 1,
    int Promised = 0)
{
    /// <summary>Connections free for all Promscale instances together.</summary>
    public int FreeForPromscale => Math.Max(0, Math.Min(ServerSlots, Math.Min(RoleSlots ?? int.MaxValue, DatabaseSlots ?? int.MaxValue)) - Headroom - Maintenance);

    /// <summary>The fair share before the peers' budgets: free ÷ (instances × generations).</summary>
    public int FairShare => FreeForPromscale / (Instances * Generations);

    /// <summary>What the peers' budgets leave of what is free.</summary>
    public int Unpromised => Math.Max(0, FreeForPromscale - Promised);

    /// <summary>This instance's share: the fair share, bounded by what the peers left.</summary>
    public int PerInstance => Math.Min(FairShare, Unpromised);

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

    public static ConnectionCapacity From(ServerFacts facts, int headroom, int instances, int maintenance = 0, int generations = 1, int promised = 0)
    {
        // Reserved slots are for superusers (and pg_use_reserved_connections on 16+): Promscale must not count on them.
        var serverSlots = facts.MaxConnections - facts.SuperuserReservedConnections - facts.ReservedConnections - facts.OtherConnections;
        int? roleSlots = facts.RoleConnectionLimit >= 0 && !facts.IsSuperuser ? facts.RoleConnectionLimit - facts.OtherRoleConnections : null;
        int? databaseSlots = facts.DatabaseConnectionLimit >= 0 && !facts.IsSuperuser ? facts.DatabaseConnectionLimit - facts.OtherDatabaseConnections : null;
        return new ConnectionCapacity(serverSlots, roleSlots, databaseSlots, headroom, instances, maintenance, generations, promised);
    }
}
