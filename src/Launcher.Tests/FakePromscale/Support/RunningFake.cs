using System.Diagnostics;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.FakePromscale.Support;

/// <summary>
/// A real <c>fake-promscale</c> process with a clean environment (PATH, HOME, DOTNET_* plus what the test
/// gives), its stdout and stderr collected line by line; every wait is bounded and event-driven.
/// </summary>
internal sealed class RunningFake : IAsyncDisposable
{
    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigTerm = 15;

    private static readonly TimeSpan _defaultTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource<string> Found)> _waiters = [];

    private RunningFake(Process process)
    {
        _process = process;
    }

    public static string BinaryPath => Path.Combine(AppContext.BaseDirectory, "fake-promscale");

    public int ProcessId => _process.Id;

    public IReadOnlyList<string> Stdout
    {
        get
        {
            lock (_gate)
            {
                return [.. _stdout];
            }
        }
    }

    public IReadOnlyList<string> Stderr
    {
        get
        {
            lock (_gate)
            {
                return [.. _stderr];
            }
        }
    }

    public string StderrText => string.Join('\n', Stderr);

    public static RunningFake Start(IReadOnlyDictionary<string, string> environment, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        // env --default-signal: start with default dispositions even when the test host ignores SIGINT
        // (a background job of a non-interactive shell), like a supervisor that resets them.
        var startInfo = new ProcessStartInfo("/usr/bin/env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        startInfo.ArgumentList.Add("--default-signal=HUP,INT,TERM");
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

        var process = new Process { StartInfo = startInfo };
        var fake = new RunningFake(process);
        process.OutputDataReceived += (_, e) => fake.OnLine(e.Data, fake._stdout, fake._stdoutClosed);
        process.ErrorDataReceived += (_, e) => fake.OnLine(e.Data, fake._stderr, fake._stderrClosed);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return fake;
    }

    /// <summary>Runs to completion and returns the exit code (128 + N when killed by signal N).</summary>
    public static async Task<(int ExitCode, RunningFake Fake)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var fake = Start(environment, arguments);
        var code = await fake.WaitForExitAsync();
        return (code, fake);
    }

    /// <summary>The first stderr line containing <paramref name="text"/>, waiting for it if needed.</summary>
    public Task<string> WaitForStderrAsync(string text, TimeSpan? timeout = null)
        => WaitForStderrAsync(line => line.Contains(text, StringComparison.Ordinal), text, timeout);

    public async Task<string> WaitForStderrAsync(Func<string, bool> predicate, string description, TimeSpan? timeout = null)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_stderr.FirstOrDefault(predicate) is { } existing)
            {
                return existing;
            }

            _waiters.Add((predicate, found));
        }

        var finished = await Task.WhenAny(found.Task, _stderrClosed.Task, Task.Delay(timeout ?? _defaultTimeout));
        if (finished == found.Task)
        {
            return await found.Task;
        }

        lock (_gate)
        {
            if (_stderr.FirstOrDefault(predicate) is { } late)
            {
                return late;
            }
        }

        throw new TimeoutException($"no stderr line with \"{description}\" ({(finished == _stderrClosed.Task ? "stderr closed" : "timed out")}); stderr so far:\n{StderrText}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? _defaultTimeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
            await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"fake-promscale did not exit in time; stderr:\n{StderrText}");
        }

        return _process.ExitCode;
    }

    public void Signal(int signal) => Assert.Equal(0, Native.Kill(_process.Id, signal));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnLine(string? line, List<string> lines, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        List<TaskCompletionSource<string>> satisfied = [];
        lock (_gate)
        {
            lines.Add(line);
            if (lines != _stderr)
            {
                return;
            }

            foreach (var waiter in _waiters.Where(w => w.Predicate(line)).ToList())
            {
                _waiters.Remove(waiter);
                satisfied.Add(waiter.Found);
            }
        }

        foreach (var found in satisfied)
        {
            found.TrySetResult(line);
        }
    }
}
