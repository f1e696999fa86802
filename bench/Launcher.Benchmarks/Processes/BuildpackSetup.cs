namespace PromscaleLauncher.Benchmarks.Processes;

/// <summary>
/// What bench/lib/buildpack.sh prepared for BuildpackCompileScenario (BENCH_BUILDPACK_*): a snapshot of the repository
/// (the compiles run its root bin/compile), the ENV_DIR naming the loopback release mirror, the mirror's request log,
/// the Promscale stand-in it serves, a directory for the compiles' BUILD and CACHE directories (also their working
/// directory), their TMPDIR, the STACK they run on, and in --quick a cache seeded with the launcher.
/// </summary>
internal sealed record BuildpackSetup(string Repository, string EnvDirectory, string RequestLog, string PromscaleAsset,
    string RunsDirectory, string TempDirectory, string Stack, string? SeededCache)
{
    public string Compile => Path.Combine(Repository, "bin", "compile");

    public static BuildpackSetup? FromEnvironment()
    {
        static string? Read(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
        if (Read("BENCH_BUILDPACK_REPO") is not { } repository)
        {
            return null;
        }
        static string Required(string name) => Read(name) ?? throw new InvalidOperationException($"{name} is not set (bench/run sets it)");
        return new BuildpackSetup(repository, Required("BENCH_BUILDPACK_ENV_DIR"), Required("BENCH_BUILDPACK_REQUEST_LOG"),
            Required("BENCH_BUILDPACK_ASSET"), Required("BENCH_BUILDPACK_RUNS_DIR"), Required("BENCH_BUILDPACK_TMPDIR"),
            Required("BENCH_BUILDPACK_STACK"), Read("BENCH_BUILDPACK_SEEDED_CACHE"));
    }
}
