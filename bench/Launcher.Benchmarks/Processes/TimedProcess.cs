using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PromscaleLauncher.Benchmarks.Processes;

/// <summary>
/// A command started through spawn-timer (so that its start and end are stamped on CLOCK_MONOTONIC right at the
/// exec and the wait), with its stdout and stderr read line by line on their own threads, each line handed to a
/// callback with the time it was read. The harness never sits between the command and its output otherwise.
/// </summary>
internal sealed class TimedProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _reportPath;
    private readonly Thread _stdoutReader;
    private readonly Thread _stderrReader;
    private readonly StringBuilder _tail = new();

    private TimedProcess(Process process, string reportPath, Action<string, long>? onStdout, Action<string, long>? onStderr)
    {
        _process = process;
        _reportPath = reportPath;
        _stdoutReader = StartReader(process.StandardOutput.BaseStream, onStdout, "stdout");
        _stderrReader = StartReader(process.StandardError.BaseStream, onStderr, "stderr");
    }

    /// <summary>The first exception a line callback threw (the reader then stops calling it).</summary>
    public Exception? CallbackFailure { get; private set; }

    /// <summary>The first lines of output, for failure messages.</summary>
    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return _tail.ToString();
            }
        }
    }

    public static TimedProcess Start(BenchTools tools, IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment,
        Action<string, long>? onStdout = null, Action<string, long>? onStderr = null, string? workingDirectory = null)
    {
        var reportPath = tools.NewFile("spawn-report");
        var startInfo = new ProcessStartInfo(tools.SpawnTimer)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? tools.WorkDirectory,
        };
        startInfo.ArgumentList.Add(reportPath);
        foreach (var argument in command)
        {
            startInfo.ArgumentList.Add(argument);
        }
        // A clean environment: what a Scalingo container has, plus what the scenario sets.
        startInfo.Environment.Clear();
        startInfo.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        startInfo.Environment["HOME"] = tools.WorkDirectory;
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } dotnetRoot)
        {
            startInfo.Environment["DOTNET_ROOT"] = dotnetRoot;
        }
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("spawn-timer did not start");
        process.StandardInput.Close();
        return new TimedProcess(process, reportPath, onStdout, onStderr);
    }

    /// <summary>The pid of the command itself (not spawn-timer's).</summary>
    public async Task<int> PidAsync(TimeSpan timeout)
    {
        var deadline = MonotonicClock.NowNanoseconds() + (long)timeout.TotalMilliseconds * 1_000_000;
        while (MonotonicClock.NowNanoseconds() < deadline)
        {
            if (ReadReport().TryGetValue("pid", out var pid))
            {
                return (int)pid;
            }
            await Task.Delay(1);
        }
        throw new TimeoutException("spawn-timer did not report the pid");
    }

    public async Task<int> SignalAsync(int signal)
    {
        var pid = await PidAsync(TimeSpan.FromSeconds(10));
        return NativeMethods.Kill(pid, signal);
    }

    /// <summary>Waits for the command's end (and its output's), then returns spawn-timer's report; null on timeout.</summary>
    public async Task<SpawnReport?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        _stdoutReader.Join(timeout);
        _stderrReader.Join(timeout);
        var report = ReadReport();
        if (!report.ContainsKey("end"))
        {
            throw new InvalidOperationException($"spawn-timer ended without a report (exit {_process.ExitCode}): {Tail}");
        }
        return new SpawnReport(report["spawned"], report["exited"], (int)report["status"], report["cpu"], report["maxrss_kib"]);
    }

    /// <summary>
    /// SIGKILL for the command's whole process group (spawn-timer makes it a group leader), so that its children
    /// go too, even those it left behind; spawn-timer then ends by itself.
    /// </summary>
    public async Task KillAsync()
    {
        var pid = await PidAsync(TimeSpan.FromSeconds(10));
        _ = NativeMethods.Kill(-pid, NativeMethods.SigKill);
        if (!_process.HasExited)
        {
            await WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>Kills what is left of the command's process group (nothing, after a clean run).</summary>
    public void Dispose()
    {
        if (ReadReport().TryGetValue("pid", out var pid))
        {
            _ = NativeMethods.Kill(-(int)pid, NativeMethods.SigKill);
        }
        if (!_process.HasExited)
        {
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }

    private Dictionary<string, long> ReadReport()
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!File.Exists(_reportPath))
        {
            return values;
        }
        foreach (var line in File.ReadAllLines(_reportPath))
        {
            var parts = line.Split(' ');
            if (parts.Length == 2 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var value))
            {
                values[parts[0]] = value;
            }
            else if (line == "end")
            {
                values["end"] = 1;
            }
        }
        return values;
    }

    private Thread StartReader(Stream stream, Action<string, long>? onLine, string name)
    {
        var thread = new Thread(() =>
        {
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
            var kept = 0;
            while (reader.ReadLine() is { } line)
            {
                var readAt = MonotonicClock.NowNanoseconds();
                if (CallbackFailure is null)
                {
                    try
                    {
                        onLine?.Invoke(line, readAt);
                    }
                    catch (Exception exception) when (exception is IOException or InvalidOperationException or FormatException or UnauthorizedAccessException)
                    {
                        CallbackFailure = exception;
                    }
                }
                // Keep only the first lines: enough for a failure message, nothing for a million-line burst.
                if (kept < 40)
                {
                    kept++;
                    lock (_tail)
                    {
                        _tail.Append(name).Append(": ").AppendLine(line.Length > 300 ? line[..300] : line);
                    }
                }
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return thread;
    }
}
