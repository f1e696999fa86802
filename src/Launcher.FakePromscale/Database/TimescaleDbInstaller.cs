using PromscaleLauncher.FakePromscale.Flags;
using PromscaleLauncher.FakePromscale.Logging;
using PromscaleLauncher.FakePromscale.Versions;

namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>
/// <c>InstallUpgradeTimescaleDBExtensions</c> (docs/promscale.md §3.1 step 2, §3.6): on its own fresh connection, before
/// anything else; any failure is fatal except a failed upgrade from a still-accepted version.
/// </summary>
internal sealed class TimescaleDbInstaller(PromscaleVersion version, PromscaleSettings settings, PgConnector connector, PromscaleLogger log)
{
    private const string Caller = "extension.go:232";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        ExtensionState state;
        await using (var connection = await OpenAsync(cancellationToken))
        {
            state = await Wrap(() => ExtensionState.ReadAsync(connection, "timescaledb", cancellationToken));
            if (!state.Available && !state.Installed)
            {
                throw new StartupFailure("could not install timescaledb: the extension is not available");
            }

            var range = version.TimescaleDbRange;
            var target = state.TargetVersion(range);
            if (!state.Installed)
            {
                if (target is null)
                {
                    throw new StartupFailure($"could not install timescaledb: The timescaledb extension is not available at the right version, need version: {range.Text} and the default version is {state.DefaultVersion} ");
                }

                await Wrap(() => connection.ExecuteAsync($"CREATE EXTENSION IF NOT EXISTS timescaledb WITH SCHEMA public VERSION '{target}'", cancellationToken));
                log.Info(Caller, ("msg", $"successfully created timescaledb extension at version {target}"));
                return;
            }
        }

        await UpgradeIfNewerAsync(state, cancellationToken);
    }

    private async Task UpgradeIfNewerAsync(ExtensionState state, CancellationToken cancellationToken)
    {
        var range = version.TimescaleDbRange;
        var target = state.TargetVersion(range);
        if (!settings.UpgradeExtensions || target is null
            || !SemanticVersion.TryParse(state.InstalledVersion, out var installed)
            || !SemanticVersion.TryParse(target, out var wanted)
            || wanted <= installed || wanted.Major != installed.Major)
        {
            return;
        }

        // ALTER EXTENSION must be the first statement of its connection: a fresh one.
        await using var connection = await OpenAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync($"ALTER EXTENSION timescaledb UPDATE TO '{target}'", cancellationToken);
            log.Info(Caller, ("msg", $"successfully updated timescaledb extension from {state.InstalledVersion} to {target}"));
        }
        catch (PgxException ex) when (range.Contains(installed))
        {
            log.Warn(Caller, ("msg", $"Failed to migrate extension timescaledb from {state.InstalledVersion} to {target}: {ex.Message}"));
        }
        catch (PgxException ex)
        {
            throw new StartupFailure($"could not install timescaledb: {ex.Message}");
        }
    }

    private async Task<Npgsql.NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await connector.OpenAsync(cancellationToken);
        }
        catch (PgxException ex)
        {
            // The bare pgx error: InstallUpgradeTimescaleDBExtensions returns it unwrapped.
            throw new StartupFailure(ex.Message);
        }
    }

    private static async Task<T> Wrap<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (PgxException ex)
        {
            throw new StartupFailure($"could not install timescaledb: {ex.Message}");
        }
    }

    private static async Task Wrap(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (PgxException ex)
        {
            throw new StartupFailure($"could not install timescaledb: {ex.Message}");
        }
    }
}
