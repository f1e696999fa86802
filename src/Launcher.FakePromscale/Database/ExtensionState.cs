using Npgsql;
using PromscaleLauncher.FakePromscale.Versions;

namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>What the catalogs say about one extension: available at all, default version, installed version, all versions.</summary>
internal sealed record ExtensionState(string Name, bool Available, string? DefaultVersion, string? InstalledVersion, IReadOnlyList<string> AvailableVersions)
{
    public bool Installed => InstalledVersion is not null;

    public static async Task<ExtensionState> ReadAsync(NpgsqlConnection connection, string name, CancellationToken cancellationToken)
    {
        var defaultVersion = await connection.ScalarAsync<string>($"SELECT default_version FROM pg_available_extensions WHERE name = '{name}'", cancellationToken);
        var installedVersion = await connection.ScalarAsync<string>($"SELECT extversion FROM pg_extension WHERE extname = '{name}'", cancellationToken);
        var versions = new List<string>();
        await using (var command = new NpgsqlCommand($"SELECT version FROM pg_available_extension_versions WHERE name = '{name}'", connection))
        {
            try
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    versions.Add(reader.GetString(0));
                }
            }
            catch (NpgsqlException ex)
            {
                throw new PgxException(PgxErrorText.ForQuery(ex), ex);
            }
        }

        return new ExtensionState(name, defaultVersion is not null, defaultVersion, installedVersion, versions);
    }

    /// <summary>
    /// The version to install or upgrade to: the default if it is in range, else the newest available in range; never
    /// a pre-release (<c>startup.upgrade-prerelease-extensions</c> is false by default and the launcher leaves it).
    /// </summary>
    public string? TargetVersion(VersionRange range)
    {
        if (SemanticVersion.TryParse(DefaultVersion, out var preferred) && range.Contains(preferred) && !preferred.IsPreRelease)
        {
            return DefaultVersion;
        }

        return AvailableVersions
            .Select(text => (Text: text, Ok: SemanticVersion.TryParse(text, out var version), Version: version))
            .Where(candidate => candidate.Ok && range.Contains(candidate.Version) && !candidate.Version.IsPreRelease)
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Text)
            .FirstOrDefault();
    }
}
