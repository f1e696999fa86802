using System.Diagnostics;

namespace PromscaleLauncher.Tests.Support.Processes;

/// <summary>
/// A launcher process the test interacts with while it runs: waits on its log lines (events, not sleeps,
/// every wait bounded), sends it real signals, and checks everything it printed for secrets at the end.
/// </summary>
public sealed class RunningLauncher : IAsyncDisposable
{
    private static readonly TimeSpan _defaultWait = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource<string> Seen)> _waiters = [];
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RunningLauncher(Process process) => _process = process;

    public int Pid => _process.Id;

    public static RunningLauncher Start(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Start(environment, workingDirectory: null, arguments);

    public static RunningLauncher Start(IReadOnlyDictionary<string, string> environment, string? workingDirectory, params string[] arguments) =>
        StartIgnoring(environment, workingDirectory, ignoredSignals: null, arguments);

    /// <summary>Starts the launcher with <paramref name="ignoredSignals"/> (env's list, e.g. "INT") ignored, every other signal at its default.</summary>
    public static RunningLauncher StartIgnoring(IReadOnlyDictionary<string, string> environment, string? workingDirectory, string? ignoredSignals, params string[] arguments)
    {
        var process = new Process { StartInfo = LauncherProcess.StartInfo(environment, ignoredSignals, arguments) };
        if (workingDirectory is not null)
        {
            process.StartInfo.WorkingDirectory = workingDirectory;
        }
        var launcher = new RunningLauncher(process);
        process.ErrorDataReceived += (_, line) => launcher.OnLine(line.Data, launcher._stderrClosed);
        process.OutputDataReceived += (_, line) => launcher.OnLine(line.Data, launcher._stdoutClosed);
        process.Start();
        process.StandardInput.Close();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return launcher;
    }

    private void OnLine(string? line, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }
        lock (_lines)
        {
            _lines.Add(line);
            foreach (var (predicate, seen) in _waiters)
            {
                if (!seen.Task.IsCompleted && predicate(line))
                {
                    seen.TrySetResult(line);
                }
            }
        }
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public string Output => string.Join('\n', Lines);

    /// <summary>The events printed so far (PROMSCALE_LAUNCHER_LOG_FORMAT=json); other lines are left out.</summary>
    public IReadOnlyList<JsonEvent> Events => JsonEvents.In(Lines);

    /// <summary>Waits for event <paramref name="eventId"/> (already printed or still to come).</summary>
    public Task<JsonEvent> WaitForEventAsync(int eventId, TimeSpan? timeout = null) =>
        WaitForEventAsync(logEvent => logEvent.Is(eventId), $"event {eventId}", timeout);

    /// <summary>Waits for event <paramref name="eventId"/> with <paramref name="property"/> = <paramref name="value"/>.</summary>
    public Task<JsonEvent> WaitForEventAsync(int eventId, string property, string value, TimeSpan? timeout = null) =>
        WaitForEventAsync(logEvent => logEvent.Is(eventId, property, value), $"event {eventId} with {property}={value}", timeout);

    public async Task<JsonEvent> WaitForEventAsync(Func<JsonEvent, bool> predicate, string description, TimeSpan? timeout = null)
    {
        var line = await WaitForLineAsync(line => JsonEvents.Parse(line) is { } logEvent && predicate(logEvent), description, timeout);
        return JsonEvents.Parse(line)!;
    }

    /// <summary>Waits for a line containing <paramref name="text"/> (already printed or still to come).</summary>
    public Task<string> WaitForLineAsync(string text, TimeSpan? timeout = null) =>
        WaitForLineAsync(line => line.Contains(text, StringComparison.Ordinal), text, timeout);

    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, string description, TimeSpan? timeout = null)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            var existing = _lines.FirstOrDefault(predicate);
            if (existing is not null)
            {
                return existing;
            }
            _waiters.Add((predicate, seen));
        }
        var exited = _process.WaitForExitAsync();
        var wait = timeout ?? _defaultWait;
        var first = await Task.WhenAny(seen.Task, exited, Task.Delay(wait));
        if (first == seen.Task)
        {
            return await seen.Task;
        }
        if (first == exited)
        {
            // Its last lines may still be in the pipes.
            await Task.WhenAll(_stderrClosed.Task, _stdoutClosed.Task).WaitAsync(TimeSpan.FromSeconds(5));
        }
        lock (_lines)
        {
            if (_lines.FirstOrDefault(predicate) is { } late)
            {
                return late;
            }
        }
        throw new TimeoutException($"No line with \"{description}\" within {wait} ({(_process.HasExited ? $"the launcher exited {_process.ExitCode}" : "still running")}):\n{Output}");
    }

    /// <summary>The Promscale child's pid, from the launcher's PromscaleStarted event.</summary>
    public async Task<int> PromscalePidAsync()
    {
        var started = await WaitForEventAsync(LauncherEvents.PromscaleStarted);
        return int.Parse(started.Property("Pid")!);
    }

    public void Signal(int signal) => Assert.Equal(0, Native.Kill(_process.Id, signal));

    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        var wait = timeout ?? _defaultWait;
        try
        {
            await _process.WaitForExitAsync().WaitAsync(wait);
            await Task.WhenAll(_stderrClosed.Task, _stdoutClosed.Task).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The launcher did not exit within {wait}:\n{Output}");
        }
        SecretRegistry.AssertAbsentFrom(Output, "the launcher's output");
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
