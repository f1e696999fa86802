using System.Diagnostics;

namespace PromscaleLauncher.Tests.Support.Processes;

/// <summary>
/// Runs the real `promscale-launcher` binary built next to the tests, with exactly the environment given
/// (plus PATH, HOME and DOTNET_*), and checks its whole output for secrets.
/// </summary>
public sealed class LauncherProcess
{
    public static string BinaryPath => Path.Combine(AppContext.BaseDirectory, "promscale-launcher");

    private static readonly TimeSpan _defaultTimeout = TimeSpan.FromSeconds(60);

    public static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        StartInfo(environment, ignoredSignals: null, arguments);

    /// <summary>
    /// Starts the launcher through env(1) with every signal at its default (conventions §7: the test host, a .NET
    /// process, ignores SIGPIPE, and a shell's background job SIGINT), except <paramref name="ignoredSignals"/>
    /// (env's list, e.g. "INT"). env execs the launcher: the pid is the launcher's.
    /// </summary>
    public static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> environment, string? ignoredSignals, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("/usr/bin/env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        startInfo.ArgumentList.Add("--default-signal");
        if (ignoredSignals is not null)
        {
            startInfo.ArgumentList.Add($"--ignore-signal={ignoredSignals}");
        }
        startInfo.ArgumentList.Add(BinaryPath);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        startInfo.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "DOTNET_ROOT", "DOTNET_CLI_HOME", "TMPDIR" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                startInfo.Environment[name] = value;
            }
        }
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }
        return startInfo;
    }

    public static async Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        using var timeout = new CancellationTokenSource(_defaultTimeout);
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(StartInfo(environment, arguments))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"promscale-launcher {string.Join(' ', arguments)} did not exit within {_defaultTimeout}.");
        }
        var result = new ProcessResult(process.ExitCode, await stdout, await stderr, stopwatch.Elapsed);
        SecretRegistry.AssertAbsentFrom(result.AllOutput, $"the output of promscale-launcher {string.Join(' ', arguments)}");
        Assert.DoesNotContain("   at ", result.AllOutput);
        return result;
    }
}
