using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Npgsql;

namespace PromscaleLauncher.Tests.Support.Postgres;

/// <summary>
/// A throwaway real PostgreSQL cluster on 127.0.0.1 and a free port, with SCRAM passwords over TCP,
/// the roles and databases below, and the stand-in timescaledb/promscale extensions available
/// (StandIn/README.md). Prefer the shared collection fixtures (<see cref="PostgresCollections"/>)
/// to starting one per test.
/// </summary>
public sealed partial class PostgresCluster : IAsyncDisposable
{
    public const string SuperuserRole = "postgres";

    /// <summary>Shaped like Scalingo's default user: LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB, owns <see cref="AppDatabase"/>.</summary>
    public const string AppRole = "scalingo_app";

    public const string AppDatabase = "app";

    /// <summary>LOGIN NOSUPERUSER CREATEROLE, owns <see cref="CreatorDatabase"/>.</summary>
    public const string CreatorRole = "creator";

    public const string CreatorDatabase = "creatordb";

    private const string PasswordAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string NameAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private readonly ClusterDirectory _directory;
    private readonly PostgresInstallation _installation;
    private readonly ConcurrentDictionary<string, string> _passwords = new(StringComparer.Ordinal);
    private int _nameCounter;
    private int _disposed;

    private PostgresCluster(PostgresClusterOptions options, PostgresInstallation installation, ClusterDirectory directory)
    {
        Options = options;
        _installation = installation;
        _directory = directory;
    }

    public PostgresClusterOptions Options { get; }

    public PostgresVersion Version => Options.Version;

    public string Host => "127.0.0.1";

    public int Port { get; private set; }

    /// <summary>The server log (log_line_prefix '%m [%p] %q%u@%d %e '), handy when a test fails.</summary>
    public string LogFile => _directory.LogFile;

    public string DataDirectory => _directory.DataDirectory;

    /// <summary>Every password of this cluster, for tests that no secret reaches any output.</summary>
    public IReadOnlyCollection<string> AllPasswords => _passwords.Values.ToList();

    public static async Task<PostgresCluster> StartAsync(PostgresClusterOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var installation = PostgresInstallation.For(options.Version);
        if (installation.FindProblem() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        var directory = await ClusterDirectory.CreateAsync(ct);
        LiveClusters.Add(directory);
        var cluster = new PostgresCluster(options, installation, directory);
        try
        {
            await cluster.InitializeAsync(ct);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public string PasswordOf(string role) =>
        _passwords.TryGetValue(role, out var password)
            ? password
            : throw new ArgumentException($"Role \"{role}\" was not created by this fixture.", nameof(role));

    /// <summary>postgresql://role:password@127.0.0.1:port/database[?query], each part percent-encoded.</summary>
    public string UrlFor(string role, string database, string? query = null)
    {
        var url = $"postgresql://{Uri.EscapeDataString(role)}:{Uri.EscapeDataString(PasswordOf(role))}"
            + $"@{Host}:{Port.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(database)}";
        return string.IsNullOrEmpty(query) ? url : $"{url}?{query.TrimStart('?')}";
    }

    /// <summary>An Npgsql connection string for a role of this cluster, without pooling (each open is a real session).</summary>
    public string ConnectionStringFor(string role, string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = Port,
            Username = role,
            Password = PasswordOf(role),
            Database = database,
            Pooling = false,
            Timeout = 15,
            CommandTimeout = 30,
        }.ConnectionString;

    public async Task<NpgsqlConnection> OpenAsync(string role, string database, CancellationToken ct = default)
    {
        var connection = new NpgsqlConnection(ConnectionStringFor(role, database));
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A superuser session over TCP with its password, like any client.</summary>
    public Task<NpgsqlConnection> OpenSuperuserAsync(string database = "postgres", CancellationToken ct = default) =>
        OpenAsync(SuperuserRole, database, ct);

    /// <summary>Creates a fresh, uniquely named database owned by <paramref name="owner"/> and returns its name.</summary>
    public async Task<string> CreateDatabaseAsync(string owner, CancellationToken ct = default)
    {
        var name = NewName("db");
        await ExecuteAsSuperuserAsync("postgres", $"CREATE DATABASE {Identifier(name)} OWNER {Identifier(owner)}", ct);
        return name;
    }

    /// <summary>
    /// Creates a LOGIN role with a random password and the given extra attributes
    /// (e.g. "NOCREATEROLE CONNECTION LIMIT 3") and returns its name.
    /// </summary>
    public async Task<string> CreateRoleAsync(string attributes, CancellationToken ct = default)
    {
        var name = NewName("role");
        await CreateLoginRoleAsync(name, attributes, ct);
        return name;
    }

    /// <summary>
    /// CREATE EXTENSION timescaledb [VERSION version] as the superuser (the stand-in; needs
    /// <see cref="PostgresClusterOptions.TimescaleDbPreloaded"/>). Without a version: the default of
    /// this PostgreSQL major, the version Scalingo ships (2.19.3 on 14, 2.23.1 on 15 and 17).
    /// </summary>
    public Task EnableTimescaleDbAsync(string database, string? version = null, CancellationToken ct = default) =>
        ExecuteAsSuperuserAsync(
            database,
            version is null ? "CREATE EXTENSION timescaledb" : $"CREATE EXTENSION timescaledb VERSION {Literal(version)}",
            ct);

    /// <summary>Opens <paramref name="count"/> real sessions and keeps them until disposed, e.g. to use up connection slots.</summary>
    public async Task<IAsyncDisposable> HoldConnectionsAsync(string role, string database, int count, CancellationToken ct = default)
    {
        var held = new HeldConnections();
        try
        {
            for (var i = 0; i < count; i++)
            {
                held.Add(await OpenAsync(role, database, ct));
            }

            return held;
        }
        catch
        {
            await held.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// pg_ctl restart -m fast on the same port: every session is ended (FATAL 57P01), as a database restart after
    /// maintenance or a plan change does. Only for a cluster the test started itself, never a shared fixture's.
    /// </summary>
    public Task RestartServerAsync(CancellationToken ct = default) =>
        OsCommand.RunAsPostgresAsync(_installation.PgCtl,
            ["restart", "-D", _directory.DataDirectory, "-l", LogFile, "-m", "fast", "-w", "-t", "60"], _directory.FullPath, ct);

    /// <summary>pg_ctl stop -m fast: the database is down until <see cref="StartServerAgainAsync"/>.</summary>
    public Task StopServerAsync(CancellationToken ct = default) =>
        OsCommand.RunAsPostgresAsync(_installation.PgCtl,
            ["stop", "-D", _directory.DataDirectory, "-m", "fast", "-w", "-t", "60"], _directory.FullPath, ct);

    /// <summary>pg_ctl start after <see cref="StopServerAsync"/>, on the same port.</summary>
    public Task StartServerAgainAsync(CancellationToken ct = default) =>
        OsCommand.RunAsPostgresAsync(_installation.PgCtl,
            ["start", "-D", _directory.DataDirectory, "-l", LogFile, "-w", "-t", "60"], _directory.FullPath, ct);

    /// <summary>Stops the server (pg_ctl stop -m immediate) and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            if (_directory.ReadPostmasterPid() is not null)
            {
                await OsCommand.RunAsPostgresAsync(
                    _installation.PgCtl,
                    ["stop", "-D", _directory.DataDirectory, "-m", "immediate", "-w", "-t", "30"],
                    _directory.FullPath,
                    CancellationToken.None);
            }
        }
        catch (InvalidOperationException)
        {
            // pg_ctl failed: ForceRemove below signals the postmaster itself.
        }
        finally
        {
            _directory.ForceRemove(TimeSpan.FromSeconds(10));
            LiveClusters.Remove(_directory);
        }
    }

    private async Task CreateLoginRoleAsync(string name, string attributes, CancellationToken ct)
    {
        var password = RandomNumberGenerator.GetString(PasswordAlphabet, 24);
        await ExecuteAsSuperuserAsync(
            "postgres",
            $"CREATE ROLE {Identifier(name)} LOGIN PASSWORD {Literal(password)} {attributes}",
            ct);
        _passwords[name] = password;
    }

    private async Task ExecuteAsSuperuserAsync(string database, string sql, CancellationToken ct)
    {
        // Through the Unix socket (trust): quicker than SCRAM over TCP, and usable before passwords are set.
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = _directory.FullPath,
            Port = Port,
            Username = SuperuserRole,
            Database = database,
            Pooling = false,
            Timeout = 15,
            CommandTimeout = 60,
        }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private string NewName(string prefix) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{prefix}_{Interlocked.Increment(ref _nameCounter)}_{RandomNumberGenerator.GetString(NameAlphabet, 6)}");

    private static string Identifier(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static string Literal(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";
}
