namespace PromscaleLauncher.Database;

/// <summary>How many max_connections slots other sessions hold, as <see cref="ClientConnections.Count"/> counts them.</summary>
/// <param name="Others">Slots held by clients that are not Promscale.</param>
/// <param name="OthersOfRole">Of those, the current role's.</param>
/// <param name="OthersOfDatabase">Of those, the current database's.</param>
/// <param name="Promscale">Slots held by Promscale (application_name promscale@…).</param>
/// <param name="PromscaleSessions">Promscale's sessions by application_name (its version, container and budget: <see cref="PromscaleSessionName"/>).</param>
internal sealed record ClientConnectionCounts(int Others, int OthersOfRole, int OthersOfDatabase, int Promscale, IReadOnlyDictionary<string, int> PromscaleSessions);
