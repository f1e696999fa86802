using PromscaleLauncher.Database;

namespace PromscaleLauncher.Preflight;

/// <summary>
/// The other Promscale containers connected to this database, read from their sessions' application_name
/// (<see cref="PromscaleSessionName"/>): one entry per container name. A session named like this container is its
/// previous generation (Scalingo keeps a container's name across a deploy or restart, and runs old and new side by
/// side); sessions of releases before this one carry no container and are grouped as one unnamed peer.
/// </summary>
internal sealed record PromscalePeers(IReadOnlyList<PromscalePeer> All)
{
    public const string Unnamed = "(unnamed)";

    /// <summary>Peers other than this container's previous generation: the other containers of the fleet.</summary>
    public IEnumerable<PromscalePeer> OtherContainers => All.Where(peer => !peer.IsThisContainer);

    /// <summary>What the peers' launchers promised their Promscales: their budget, or what they hold now when the name does not say.</summary>
    public int Promised => All.Sum(peer => peer.Promised);

    /// <summary>The same, without this container's previous generation (which stops once this one is up).</summary>
    public int PromisedToOtherContainers => OtherContainers.Sum(peer => peer.Promised);

    public int Connections => All.Sum(peer => peer.Connections);

    /// <summary>"web-2 (0.10.0, 4 connections, max 12), …" for messages; "none" when alone.</summary>
    public string Describe() => All.Count == 0
        ? "none"
        : string.Join(", ", All.Select(peer => $"{peer.Container}{(peer.IsThisContainer ? " (this container's previous generation)" : "")} ({string.Join("/", peer.Versions)}, {peer.Connections} connection(s){(peer.Budget is { } budget ? $", max {budget}" : "")})"));

    public static PromscalePeers From(IReadOnlyDictionary<string, int> promscaleSessions, string container)
    {
        var thisContainer = PromscaleSessionName.Printable(container);
        var peers = promscaleSessions
            .Select(pair => (Session: PromscaleSessionName.Parse(pair.Key)!, Connections: pair.Value))
            .GroupBy(item => item.Session.Container ?? Unnamed, StringComparer.Ordinal)
            .Select(group =>
            {
                var connections = group.Sum(item => item.Connections);
                // A container restarted by its launcher may show two budgets for a moment; the larger is the safe one.
                var budget = group.Max(item => item.Session.Budget);
                var versions = group.Select(item => item.Session.Version).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                // The name is cut to 63 bytes the same way for every container: compare the cut forms.
                var isThis = group.Key != Unnamed && (group.Key == thisContainer || thisContainer.StartsWith(group.Key, StringComparison.Ordinal) && group.Key.Length >= 40);
                return new PromscalePeer(group.Key, isThis, versions, connections, budget);
            })
            .OrderBy(peer => peer.Container, StringComparer.Ordinal)
            .ToList();
        return new PromscalePeers(peers);
    }
}

/// <summary>One peer container: its name, its Promscale versions, the connections it holds, the budget its launcher gave it.</summary>
internal sealed record PromscalePeer(string Container, bool IsThisContainer, IReadOnlyList<string> Versions, int Connections, int? Budget)
{
    /// <summary>What it may still open up to: its budget when named, else (an older launcher) what it holds.</summary>
    public int Promised => Math.Max(Connections, Budget ?? 0);
}
