using Microsoft.Extensions.Logging;

namespace PromscaleLauncher.Logging;

/// <summary>Connection events while Promscale runs (Supervision/ConnectionShortageWatch; docs/diagnostics.md "Connections"): ids 70–79.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 70, Level = LogLevel.Warning, Message = "PostgreSQL refused Promscale a connection: {LimitText} (SQLSTATE 53300, limit {Limit}). Connections now: max_connections {MaxConnections} with {ReservedConnections} reserved for superusers; this container's Promscale ({Container}) holds {OwnConnections} of its budget {OwnBudget}; other Promscale containers hold {PeerConnections} ({Peers}); other clients hold {OtherConnections}; {FreeConnections} free for ordinary roles. Fix: {Fix}")]
    public static partial void ConnectionShortage(ILogger logger, string limitText, string limit, int maxConnections, int reservedConnections, string container, int ownConnections, string ownBudget,
        int peerConnections, string peers, int otherConnections, int freeConnections, string fix);

    [LoggerMessage(EventId = 71, Level = LogLevel.Warning, Message = "PostgreSQL refused Promscale a connection: {LimitText} (SQLSTATE 53300, limit {Limit}); the launcher could not read who holds the connections after {Attempts} attempt(s): {Reason}. Fix: {Fix}")]
    public static partial void ConnectionShortageUnread(ILogger logger, string limitText, string limit, int attempts, string reason, string fix);
}
