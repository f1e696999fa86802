using System.Collections.Concurrent;
using Npgsql;

namespace PromscaleLauncher.Tests.Support.Postgres;

/// <summary>
/// One initdb'ed data directory per version, with the fixture's roles and databases but no
/// passwords, that clusters copy instead of running initdb (seconds on a busy 2-core machine) each.
/// Built once and kept under the temporary root for later runs, named by <see cref="Revision"/>.
/// </summary>
internal static class DataDirectoryTemplates
{
    /// <summary>Bump when what a template contains changes.</summary>
    private const int Revision = 2;

    private static readonly ConcurrentDictionary<PostgresVersion, Lazy<Task<string>>> _templates = new();

    public static Task<string> GetAsync(PostgresInstallation installation) =>
        _templates.GetOrAdd(
            installation.Version,
            _ => new Lazy<Task<string>>(() => FindOrBuildAsync(installation))).Value;

    private static async Task<string> FindOrBuildAsync(PostgresInstallation installation)
    {
        var template = Path.Combine(ClusterDirectory.Root, $"template-pg{(int)installation.Version}-r{Revision}");
        if (File.Exists(Path.Combine(template, "PG_VERSION")))
        {
            return template;
        }

        // Shared by every cluster of the run: not tied to one caller's token, bounded by OsCommand's timeout.
        var ct = CancellationToken.None;
        var work = await ClusterDirectory.CreateAsync(ct);
        try
        {
            await OsCommand.RunAsPostgresAsync(
                installation.Initdb,
                [
                    "-D", work.DataDirectory, "-U", PostgresCluster.SuperuserRole,
                    "--auth-local=trust", "--auth-host=scram-sha-256",
                    "--locale=C", "--encoding=UTF8", "--no-sync", "--no-instructions",
                    // 1 MB WAL segments instead of 16: less to copy for every cluster.
                    "--wal-segsize=1",
                ],
                work.FullPath,
                ct);
            // Unix socket only, in the private directory: no port to collide with. postgresql.conf stays as initdb wrote it.
            await OsCommand.RunAsPostgresAsync(
                installation.PgCtl,
                ["start", "-D", work.DataDirectory, "-l", work.LogFile, "-w", "-t", "60", "-o", $"-F -p 5432 -h '' -k '{work.FullPath}'"],
                work.FullPath,
                ct);
            await CreateRolesAndDatabasesAsync(work.FullPath, ct);
            await OsCommand.RunAsPostgresAsync(
                installation.PgCtl, ["stop", "-D", work.DataDirectory, "-m", "fast", "-w", "-t", "60"], work.FullPath, ct);

            try
            {
                Directory.Move(work.DataDirectory, template);
            }
            catch (IOException) when (File.Exists(Path.Combine(template, "PG_VERSION")))
            {
                // Another test run built it at the same time.
            }

            return template;
        }
        finally
        {
            work.ForceRemove(TimeSpan.FromSeconds(10));
        }
    }

    private static async Task CreateRolesAndDatabasesAsync(string socketDirectory, CancellationToken ct)
    {
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = socketDirectory,
            Port = 5432,
            Username = PostgresCluster.SuperuserRole,
            Database = "postgres",
            Pooling = false,
        }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        string[] statements =
        [
            $"CREATE ROLE {PostgresCluster.AppRole} LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB",
            $"CREATE DATABASE {PostgresCluster.AppDatabase} OWNER {PostgresCluster.AppRole}",
            $"CREATE ROLE {PostgresCluster.CreatorRole} LOGIN NOSUPERUSER CREATEROLE",
            $"CREATE DATABASE {PostgresCluster.CreatorDatabase} OWNER {PostgresCluster.CreatorRole}",
        ];
        foreach (var statement in statements)
        {
            // One at a time: CREATE DATABASE cannot run in the implicit transaction of a batch.
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
