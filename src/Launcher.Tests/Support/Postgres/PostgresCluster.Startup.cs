using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PromscaleLauncher.Tests.Support.Postgres;

public sealed partial class PostgresCluster
{
    private const int PortAttempts = 5;

    private async Task InitializeAsync(CancellationToken ct)
    {
        var template = await DataDirectoryTemplates.GetAsync(_installation).WaitAsync(ct);
        await OsCommand.RunAsPostgresAsync("cp", ["-a", template, _directory.DataDirectory], _directory.FullPath, ct);
        await ConfigureAsync(ct);
        if (Options.Tls)
        {
            await CreateCertificateAsync(ct);
        }

        var postgres = HiddenExtensions() is { Count: > 0 } hidden
            ? BuildOverlay(Path.Combine(_directory.FullPath, "installation"), hidden)
            : null;
        await StartServerAsync(postgres, ct);

        // The template has the roles and databases but no passwords: each cluster gets its own.
        foreach (var role in new[] { SuperuserRole, AppRole, CreatorRole })
        {
            var password = RandomNumberGenerator.GetString(PasswordAlphabet, 24);
            await ExecuteAsSuperuserAsync("postgres", $"ALTER ROLE {Identifier(role)} PASSWORD {Literal(password)}", ct);
            _passwords[role] = password;
        }
    }

    private async Task ConfigureAsync(CancellationToken ct)
    {
        var hba = new StringBuilder()
            .AppendLine("local all all trust");
        if (Options.Tls)
        {
            hba.AppendLine("hostssl all all 127.0.0.1/32 scram-sha-256");
        }

        hba.AppendLine("host all all 127.0.0.1/32 scram-sha-256");
        await File.WriteAllTextAsync(Path.Combine(_directory.DataDirectory, "pg_hba.conf"), hba.ToString(), ct);

        var settings = new StringBuilder()
            .AppendLine()
            .AppendLine("# Promscale Launcher test fixture")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{_directory.FullPath}'")
            .AppendLine(CultureInfo.InvariantCulture, $"max_connections = {Options.MaxConnections}")
            .AppendLine(CultureInfo.InvariantCulture, $"superuser_reserved_connections = {Options.SuperuserReservedConnections}")
            .AppendLine("shared_buffers = 16MB")
            // Throwaway data: durability only costs time.
            .AppendLine("fsync = off")
            .AppendLine("synchronous_commit = off")
            .AppendLine("full_page_writes = off")
            .AppendLine("log_line_prefix = '%m [%p] %q%u@%d %e '");
        if (Options.TimescaleDbPreloaded && Options.HasNativeTimescaleDbStandIn)
        {
            // The native stand-in, installed as $libdir/timescaledb in the private PostgreSQL 15 and 14 (StandIn/README.md).
            settings.AppendLine("shared_preload_libraries = 'timescaledb'");
        }
        else if (Options.TimescaleDbPreloaded || Options.TimescaleDbSettingWithoutLibrary)
        {
            // A placeholder of the loader's setting: what the SQL-only stand-in checks, or the trap
            // of docs/timescaledb.md's corrections box (set without the library).
            settings.AppendLine("timescaledb.max_background_workers = 16");
        }

        if (Options.HasNativeTimescaleDbStandIn)
        {
            // As on a real server: the licence comes from the configuration, the default is apache.
            if (Options.TimescaleDbLicense != "apache")
            {
                settings.AppendLine(CultureInfo.InvariantCulture, $"timescaledb.license = '{Options.TimescaleDbLicense}'");
            }
        }
        else
        {
            settings.AppendLine(CultureInfo.InvariantCulture, $"timescaledb_stand_in.license = '{Options.TimescaleDbLicense}'");
        }
        if (Options.Tls)
        {
            settings.AppendLine("ssl = on");
        }

        await File.AppendAllTextAsync(
            Path.Combine(_directory.DataDirectory, "postgresql.conf"), settings.ToString(), ct);
    }

    private async Task CreateCertificateAsync(CancellationToken ct)
    {
        // server.crt and server.key in the data directory are ssl_cert_file's and ssl_key_file's defaults.
        // openssl writes the key with mode 0600, as PostgreSQL requires.
        await OsCommand.RunAsPostgresAsync(
            "openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", Path.Combine(_directory.DataDirectory, "server.key"), "-out", Path.Combine(_directory.DataDirectory, "server.crt"),
                "-days", "7", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            ],
            _directory.FullPath,
            ct);
    }

    private List<string> HiddenExtensions()
    {
        var hidden = new List<string>();
        if (!Options.TimescaleDbAvailable)
        {
            hidden.Add("timescaledb");
        }

        if (!Options.PromscaleExtensionAvailable)
        {
            hidden.Add("promscale");
        }

        return hidden;
    }

    /// <summary>
    /// PostgreSQL reads extensions from the share directory found relative to its own binary, so a
    /// cluster that must not offer some extension runs a copy of postgres inside a tree of links to
    /// the real installation whose extension directory leaves them out. Returns that postgres.
    /// </summary>
    private string BuildOverlay(string root, List<string> hiddenExtensions)
    {
        var bin = Path.Combine(root, _installation.OverlayBinPath);
        Directory.CreateDirectory(bin);
        var postgres = Path.Combine(bin, "postgres");
        // A copy, not a link: PostgreSQL resolves links to find where it really is.
        File.Copy(_installation.Postgres, postgres);
        foreach (var (link, target) in _installation.OverlayLinks)
        {
            var path = Path.Combine(root, link);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            Directory.CreateSymbolicLink(path, target);
        }

        var share = Path.Combine(root, _installation.OverlaySharePath);
        var extensions = Path.Combine(share, "extension");
        Directory.CreateDirectory(extensions);
        foreach (var entry in Directory.EnumerateFileSystemEntries(_installation.ShareDirectory))
        {
            if (Path.GetFileName(entry) != "extension")
            {
                File.CreateSymbolicLink(Path.Combine(share, Path.GetFileName(entry)), entry);
            }
        }

        foreach (var file in Directory.EnumerateFiles(_installation.ExtensionDirectory))
        {
            var name = Path.GetFileName(file);
            if (!hiddenExtensions.Any(e => name == $"{e}.control" || name.StartsWith($"{e}--", StringComparison.Ordinal)))
            {
                File.CreateSymbolicLink(Path.Combine(extensions, name), file);
            }
        }

        return postgres;
    }

    private async Task StartServerAsync(string? postgres, CancellationToken ct)
    {
        var configFile = Path.Combine(_directory.DataDirectory, "postgresql.conf");
        for (var attempt = 1; ; attempt++)
        {
            Port = FreeLoopbackPort();
            // The last occurrence of a setting wins.
            await File.AppendAllTextAsync(
                configFile, string.Create(CultureInfo.InvariantCulture, $"port = {Port}\n"), ct);
            var logLength = File.Exists(LogFile) ? new FileInfo(LogFile).Length : 0;
            List<string> arguments =
                ["start", "-D", _directory.DataDirectory, "-l", LogFile, "-w", "-t", "60"];
            if (postgres is not null)
            {
                arguments.AddRange(["-p", postgres]);
            }

            try
            {
                await OsCommand.RunAsPostgresAsync(_installation.PgCtl, arguments, _directory.FullPath, ct);
                return;
            }
            catch (InvalidOperationException e)
            {
                var log = await ReadLogAsync(logLength, ct);
                // Another process may take the port between our probe and the server's bind.
                if (attempt < PortAttempts && log.Contains("Address already in use", StringComparison.Ordinal))
                {
                    continue;
                }

                throw new InvalidOperationException(
                    $"PostgreSQL {(int)Version} did not start in {_directory.FullPath}: {e.Message}{Environment.NewLine}"
                        + $"Server log:{Environment.NewLine}{log}",
                    e);
            }
        }
    }

    private async Task<string> ReadLogAsync(long from, CancellationToken ct)
    {
        if (!File.Exists(LogFile))
        {
            return "(no log)";
        }

        var text = await File.ReadAllTextAsync(LogFile, ct);
        return from < text.Length ? text[(int)from..] : text;
    }

    private static int FreeLoopbackPort() => Processes.FreePort.Next();
}
