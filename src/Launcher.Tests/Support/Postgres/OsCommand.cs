using System.Diagnostics;
using System.Text;

namespace PromscaleLauncher.Tests.Support.Postgres;

/// <summary>Runs a short-lived tool (initdb, pg_ctl, openssl, mktemp), as the postgres OS user when we are root.</summary>
internal static class OsCommand
{
    private const string PostgresUser = "postgres";
    private static readonly TimeSpan _defaultTimeout = TimeSpan.FromMinutes(2);

    // initdb and postgres refuse to run as root.
    public static bool RunsAsRoot => Environment.UserName == "root";

    public static async Task<string> RunAsPostgresAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        CancellationToken ct)
    {
        using var process = new Process { StartInfo = CreateStartInfo(fileName, arguments, workingDirectory) };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_defaultTimeout);
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var text = Read(output);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Describe(process.StartInfo)} exited with {process.ExitCode}:{Environment.NewLine}{text}");
        }

        return text;
    }

    private static ProcessStartInfo CreateStartInfo(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var startInfo = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            // The PostgreSQL tools fail when they cannot read their current directory.
            WorkingDirectory = workingDirectory,
        };
        if (RunsAsRoot)
        {
            startInfo.FileName = "runuser";
            startInfo.ArgumentList.Add("-u");
            startInfo.ArgumentList.Add(PostgresUser);
            startInfo.ArgumentList.Add("--");
            startInfo.ArgumentList.Add(fileName);
        }
        else
        {
            startInfo.FileName = fileName;
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // PGDATA, PGPORT, PGOPTIONS... of the developer's shell must not leak into the test clusters.
        foreach (var name in startInfo.Environment.Keys.Where(k => k.StartsWith("PG", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        startInfo.Environment["LC_ALL"] = "C";
        return startInfo;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string Describe(ProcessStartInfo startInfo) =>
        string.Join(' ', new[] { startInfo.FileName }.Concat(startInfo.ArgumentList));
}
