using Microsoft.Extensions.Logging;
using Npgsql;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Database;
using PromscaleLauncher.Diagnostics;
using Env = PromscaleLauncher.Configuration.EnvironmentVariableNames;
using LauncherLog = PromscaleLauncher.Logging.Log;

namespace PromscaleLauncher.Supervision;

/// <summary>
/// When Promscale logs a 53300 refusal while it runs, reads on the launcher's own short connection who holds the
/// server's connections (this container, the other Promscale containers, other clients) and logs which limit was hit
/// and the fix. At most once a minute, and never on the pump's thread: the read runs in the background.
/// </summary>
internal sealed class ConnectionShortageWatch(
    LauncherSettings settings,
    ILogger logger,
    TimeProvider timeProvider,
    Func<CancellationToken, Task<ServerFacts>>? readFacts = null,
    string? appName = null,
    IReadOnlyList<TimeSpan>? retryDelays = null)
{
    /// <summary>At most one report per minute: a pool short of slots logs a refusal per request.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    // The server may be refusing the launcher too: a few tries while slots come and go, within half a minute.
    private readonly IReadOnlyList<TimeSpan> _retryDelays = retryDelays ?? [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)];

    private readonly Func<CancellationToken, Task<ServerFacts>> _readFacts = readFacts ?? (cancellationToken => ReadFactsAsync(settings, cancellationToken));
    private readonly OperatorCommands _commands = new(appName);
    private readonly Lock _gate = new();
    private long? _lastReport;
    private Task _pending = Task.CompletedTask;

    /// <summary>The report in progress, if any (tests wait on it).</summary>
    public Task Pending
    {
        get
        {
            lock (_gate)
            {
                return _pending;
            }
        }
    }

    /// <summary>Called for every Promscale line on a pump's thread: quick, never throws, never waits for the database.</summary>
    public void OnLine(string text)
    {
        if (ConnectionRefusalText.Classify(text) is not { } limit)
        {
            return;
        }
        lock (_gate)
        {
            var now = timeProvider.GetTimestamp();
            if (_lastReport is { } last && timeProvider.GetElapsedTime(last, now) < Interval)
            {
                return;
            }
            _lastReport = now;
            _pending = Task.Run(() => ReportAsync(limit));
        }
    }

    private async Task ReportAsync(ConnectionLimit limit)
    {
        var attempts = 0;
        string reason;
        while (true)
        {
            attempts++;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15), timeProvider);
                var facts = await _readFacts(timeout.Token);
                Report(limit, facts);
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException or OperationCanceledException or IOException or InvalidOperationException)
            {
                reason = exception is PostgresException postgres ? $"{postgres.MessageText} (SQLSTATE {postgres.SqlState})" : exception.Message;
            }
            if (attempts > _retryDelays.Count)
            {
                break;
            }
            await Task.Delay(_retryDelays[attempts - 1], timeProvider);
        }
        LauncherLog.ConnectionShortageUnread(logger, LimitText(limit), limit.ToEvidence(), attempts, reason, Fix(limit, null, null));
    }

    private void Report(ConnectionLimit limit, ServerFacts facts)
    {
        // Every session, this launcher's own included (string.Empty matches no launcher token).
        var peers = PromscalePeers.From(facts.PromscaleSessions, settings.Container, thisLauncher: string.Empty);
        var own = peers.All.Where(peer => peer.IsThisContainer).ToList();
        var others = new PromscalePeers([.. peers.OtherContainers]);
        var reserved = facts.SuperuserReservedConnections + facts.ReservedConnections;
        // facts leave out the launcher's own reading connection: count it as taken.
        var free = Math.Max(0, facts.MaxConnections - reserved - facts.OtherConnections - facts.PromscaleConnections - 1);
        var ownBudget = own.Max(peer => peer.Budget) is { } budget ? budget.ToString(System.Globalization.CultureInfo.InvariantCulture) : "unknown";
        LauncherLog.ConnectionShortage(logger, LimitText(limit), limit.ToEvidence(), facts.MaxConnections, reserved, settings.Container,
            own.Sum(peer => peer.Connections), ownBudget, others.Connections, others.Describe(), facts.OtherConnections, free, Fix(limit, facts, others));
    }

    private static string LimitText(ConnectionLimit limit) => limit switch
    {
        ConnectionLimit.Role => "the role's CONNECTION LIMIT is reached",
        ConnectionLimit.Database => "the database's CONNECTION LIMIT is reached",
        ConnectionLimit.ReservedSlots => "only the slots reserved for superusers are left (max_connections − superuser_reserved_connections)",
        _ => "every slot of max_connections is taken",
    };

    private string Fix(ConnectionLimit limit, ServerFacts? facts, PromscalePeers? peers)
    {
        var role = OperatorCommands.QuoteIdentifier(facts?.CurrentUser ?? settings.DatabaseUrl.User ?? "<user>");
        var database = OperatorCommands.QuoteIdentifier(facts?.Database ?? settings.DatabaseUrl.Database);
        var restart = $"then {_commands.Scalingo("restart web")} so that every container's budget is computed again (Promscale cannot shrink its pool while it runs)";
        var seen = (peers?.OtherContainerCount ?? 0) + 1;
        var instances = settings.InstancesSet && seen > settings.Instances
            ? $"{seen} Promscale containers are connected but {Env.Instances}={settings.Instances}: set {Env.Instances}={seen}, {restart}"
            : null;
        return limit switch
        {
            ConnectionLimit.Role =>
                $"raise role {role}'s CONNECTION LIMIT{(facts is null ? "" : $" ({facts.RoleConnectionLimit} now)")}: ALTER ROLE {role} CONNECTION LIMIT <n>; run by a superuser or a role with CREATEROLE (on Scalingo: support); or lower {Env.ConnectionsMax}, {restart}.",
            ConnectionLimit.Database =>
                $"raise database {database}'s CONNECTION LIMIT{(facts is null ? "" : $" ({facts.DatabaseConnectionLimit} now)")}: ALTER DATABASE {database} CONNECTION LIMIT <n>; run by its owner or a superuser; or lower {Env.ConnectionsMax}, {restart}.",
            _ => instances is not null
                ? instances + "."
                : $"other clients hold {(facts is null ? "some of the" : facts.OtherConnections.ToString(System.Globalization.CultureInfo.InvariantCulture))} connection(s) (see them with SELECT usename, application_name, state FROM pg_stat_activity; in {_commands.SqlConsole}): close them or raise {Env.DbHeadroom} to keep room for them, or move to a bigger PostgreSQL plan (Scalingo: 60 connections per GB of RAM); {restart}.",
        };
    }

    private static async Task<ServerFacts> ReadFactsAsync(LauncherSettings settings, CancellationToken cancellationToken)
    {
        await using var dataSource = PreflightDataSource.Create(settings, builder =>
        {
            builder.ApplicationName = PromscaleSessionName.LauncherPrefix + " connections/" + PromscaleSessionName.Printable(settings.Container);
            builder.Pooling = false;
        });
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ServerFactsReader.ReadAsync(connection, cancellationToken);
    }
}
