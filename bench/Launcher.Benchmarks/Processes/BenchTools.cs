using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace PromscaleLauncher.Benchmarks.Processes;

/// <summary>
/// What bench/run prepared, from its environment: the binaries under test and the baselines' tools, the loopback
/// database, and a work directory for the per-run files.
/// </summary>
internal sealed class BenchTools
{
    private int _fileCounter;

    public required string LauncherAot { get; init; }
    public string? LauncherJit { get; init; }
    public required string FakePromscale { get; init; }
    public required string Probe { get; init; }
    public required string SpawnTimer { get; init; }
    public required string Tini { get; init; }
    public required string BootScript { get; init; }
    public required string DatabaseUrl { get; init; }
    public required string WorkDirectory { get; init; }
    /// <summary>What bench/lib/buildpack.sh prepared for the buildpack compile; null when it did not (--only without compile).</summary>
    public BuildpackSetup? Buildpack { get; init; }
    public string WebPassword { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    public static BenchTools FromEnvironment()
    {
        static string Required(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set (bench/run sets it)");
        var jit = Environment.GetEnvironmentVariable("BENCH_LAUNCHER_JIT");
        return new BenchTools
        {
            LauncherAot = Required("BENCH_LAUNCHER_AOT"),
            LauncherJit = string.IsNullOrEmpty(jit) ? null : jit,
            FakePromscale = Required("BENCH_FAKE_PROMSCALE"),
            Probe = Required("BENCH_PROBE"),
            SpawnTimer = Required("BENCH_SPAWN_TIMER"),
            Tini = Required("BENCH_TINI"),
            BootScript = Required("BENCH_BOOT_SCRIPT"),
            DatabaseUrl = Required("BENCH_DATABASE_URL"),
            WorkDirectory = Required("BENCH_WORK_DIR"),
            Buildpack = BuildpackSetup.FromEnvironment(),
        };
    }

    public string NewFile(string prefix) =>
        Path.Combine(WorkDirectory, $"{prefix}-{Interlocked.Increment(ref _fileCounter)}.txt");

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The launcher's environment on Scalingo, reduced to what it needs: the database URL (TLS, SCRAM), basic auth,
    /// PORT, and the Promscale binary. FAKE_PROMSCALE_* and BENCH_PROBE_* pass through the launcher untouched.
    /// The PostgreSQL 14 of bench/lib/postgres.sh cannot preload TimescaleDB (only the SQL stand-in exists for it),
    /// so Promscale runs without it, as on a plain PostgreSQL (docs/first-install.md, path fresh-install).
    /// </summary>
    public Dictionary<string, string> LauncherEnvironment(string child, int port) => new(StringComparer.Ordinal)
    {
        ["SCALINGO_POSTGRESQL_URL"] = DatabaseUrl,
        ["PROMSCALE_WEB_AUTH_USERNAME"] = "bench",
        ["PROMSCALE_WEB_AUTH_PASSWORD"] = WebPassword,
        ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PROMSCALE_BIN"] = child,
        ["FAKE_PROMSCALE_VERSION"] = "0.10.0",
        ["PROMSCALE_STARTUP_INSTALL_EXTENSIONS"] = "false",
    };
}
