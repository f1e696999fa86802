namespace PromscaleLauncher.Database;

/// <summary>
/// The other Promscale launchers' sessions connected to this database, read from their application_name
/// (<see cref="PromscaleSessionName"/>): one entry per launcher process. An entry named like this container is its
/// previous generation (Scalingo keeps a container's name across a deploy or restart, and runs old and new side by
/// side); sessions of releases before this one carry no container and are one unnamed entry.
/// </summary>
internal sealed record PromscalePeers(IReadOnlyList<PromscalePeer> All)
{
    public const string Unnamed = "(unnamed)";

    /// <summary>Entries other than this container's previous generations: the other containers of the fleet.</summary>
    public IEnumerable<PromscalePeer> OtherContainers => All.Where(peer => !peer.IsThisContainer);

    /// <summary>How many other containers: distinct names (one container may show two generations during a deploy).</summary>
    public int OtherContainerCount => OtherContainers.Select(peer => peer.Container).Distinct(StringComparer.Ordinal).Count();

    /// <summary>What the peers' launchers promised their Promscales: their budget, or what they hold now when the name does not say.</summary>
    public int Promised => All.Sum(peer => peer.Promised);

    /// <summary>The same, without this container's previous generation (which stops once this one is up).</summary>
    public int PromisedToOtherContainers => OtherContainers.Sum(peer => peer.Promised);

    public int Connections => All.Sum(peer => peer.Connections);

    /// <summary>"web-2 (0.10.0, 4 connection(s), max 12), …" for messages; "none" when alone.</summary>
    public string Describe() => All.Count == 0
        ? "none"
        : string.Join(", ", All.Select(peer =>
            $"{peer.Container}{(peer.IsThisContainer ? " (this container's previous generation)" : "")} ({string.Join("/", peer.Versions)}, {peer.Connections} connection(s){(peer.Budget is { } budget ? $", max {budget}" : "")})"));

    public static PromscalePeers From(IReadOnlyDictionary<string, int> promscaleSessions, string container, string? thisLauncher = null)
    {
        var thisContainer = PromscaleSessionName.Printable(container);
        thisLauncher ??= PromscaleSessionName.ThisLauncher;
        var peers = promscaleSessions
            .Select(pair => (Session: PromscaleSessionName.Parse(pair.Key)!, Connections: pair.Value))
            .Where(item => item.Session.Launcher is null || item.Session.Launcher != thisLauncher)
            .GroupBy(item => (Container: item.Session.Container ?? Unnamed, item.Session.Launcher))
            .Select(group =>
            {
                // Cut to 63 bytes the same way for every container: a long name matches by its kept prefix.
                var name = group.Key.Container;
                var isThis = name != Unnamed && (name == thisContainer || name.Length >= 24 && thisContainer.StartsWith(name, StringComparison.Ordinal));
                var versions = group.Select(item => item.Session.Version).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                return new PromscalePeer(name, isThis, versions, group.Sum(item => item.Connections), group.Max(item => item.Session.Budget));
            })
            .OrderBy(peer => peer.Container, StringComparer.Ordinal)
            .ToList();
        return new PromscalePeers(peers);
    }
}

/// <summary>One peer launcher: its container, its Promscale versions, the connections it holds, the budget its launcher gave it.</summary>
internal sealed record PromscalePeer(string Container, bool IsThisContainer, IReadOnlyList<string> Versions, int Connections, int? Budget)
{
    /// <summary>What it may still open up to: its budget when named, else (an older launcher) what it holds.</summary>
    public int Promised => Math.Max(Connections, Budget ?? 0);
}
