namespace PromscaleLauncher.Database;

/// <summary>How many max_connections slots other sessions hold, as <see cref="ClientConnections.Count"/> counts them.</summary>
internal sealed record ClientConnectionCounts(int Others, int OthersOfRole, int OthersOfDatabase, int Promscale);
