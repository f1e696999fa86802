using System.Diagnostics;
using System.Text;
using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Support.Receivers;

/// <summary>
/// A real remote-write receiver (Debian's prometheus or victoria-metrics, installed by .ci/install-test-deps) on a free
/// loopback port with a private data directory; killed and removed on dispose. Ready once its readiness URL answers 200
/// (polled with a bound: these servers log nothing a test could wait on reliably across versions).
/// </summary>
public abstract class ReceiverProcess : IAsyncDisposable
{
    private static readonly TimeSpan _readyTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    protected ReceiverProcess(string binary, Func<int, string, IEnumerable<string>> arguments)
    {
        Port = FreePort.Next();
        DataDirectory = Directory.CreateTempSubdirectory("receiver-").FullName;
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments(Port, DataDirectory))
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    public string DataDirectory { get; }

    public HttpClient Http { get; }

    public abstract string WriteUrl { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The binary, or null (skip) when it is not installed; under CI=true a missing binary fails.</summary>
    protected static string? Find(string path, string package)
    {
        if (File.Exists(path))
        {
            return path;
        }
        Assert.False(TestEnvironment.IsCI, $"{path} is missing: .ci/install-test-deps installs Debian's {package}");
        return null;
    }

    protected async Task WaitUntilReadyAsync(string readinessPath)
    {
        var deadline = DateTime.UtcNow + _readyTimeout;
        while (true)
        {
            Assert.False(_process.HasExited, $"the receiver exited with {(_process.HasExited ? _process.ExitCode : 0)}:\n{Output}");
            try
            {
                using var response = await Http.GetAsync(readinessPath);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            Assert.True(DateTime.UtcNow < deadline, $"the receiver was not ready within {_readyTimeout.TotalSeconds} s:\n{Output}");
            // Polling a readiness URL: there is no event to wait on. Bounded by the deadline above.
            await Task.Yield();
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            await tick.WaitForNextTickAsync();
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
