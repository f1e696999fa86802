using System.Formats.Tar;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace PromscaleLauncher.Benchmarks.Processes;

/// <summary>
/// The buildpack's `bin/compile BUILD_DIR CACHE_DIR ENV_DIR` (the root wrapper, as Scalingo runs it) on a snapshot of
/// the repository, timed by spawn-timer: cold (empty cache), warm (the previous compile's cache, a fresh BUILD_DIR),
/// and with the launcher rebuilt (a cold compile's cache without its launcher, as after a change of its source).
/// Each cold compile gets a cache of its own, then its share of the warm compiles and one rebuild on that cache, so
/// that a change of machine load spreads over all three. Promscale comes from bench/lib/buildpack.sh's loopback
/// mirror, NuGet packages from the machine's configured source. What each kind means is written into the report
/// (MarkdownReport.WriteCompile); every compile is checked (exit 0, the two executables installed and
/// nothing else, the output and the mirror's request log showing what was downloaded, cached or built).
/// </summary>
internal static partial class BuildpackCompileScenario
{
    public const string ColdRow = "cold: empty cache";
    public const string WarmRow = "warm: the previous compile's cache";
    public const string RebuildRow = "launcher rebuilt: NuGet packages and Promscale cached";
    public const string SlugRow = "slug: BUILD_DIR after the compile (one app file, bin/promscale-launcher, the Promscale stand-in)";
    public const string SlugArchiveRow = "slug as .tar.gz (gzip, default level)";
    public const string LauncherRow = "bin/promscale-launcher";
    public const string CacheRow = "CACHE_DIR after a cold compile";
    public const string NuGetRow = "of which NuGet packages (nuget-packages/)";
    public const string SdkFact = "compile.sdk";

    private const string LauncherName = "promscale-launcher";
    private const double BytesPerMegabyte = 1_000_000;
    private static readonly byte[] _elfMagic = [0x7f, (byte)'E', (byte)'L', (byte)'F'];
    // A cold compile takes 45-85 s on 2 idle cores, 200+ s on 2 cores shared with other builds.
    private static readonly TimeSpan _buildTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan _warmTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Passed through from this machine's environment when set: how it reaches the NuGet source (its CA bundle, its
    /// revocation mode, proxies). A Scalingo build container has its own; the buildpack reads none of these itself.
    /// </summary>
    public static readonly IReadOnlyList<string> PassedThrough =
    [
        "SSL_CERT_FILE", "SSL_CERT_DIR", "NUGET_CERT_REVOCATION_MODE",
        "http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "all_proxy", "ALL_PROXY",
    ];

    private enum Kind
    {
        Cold,
        Warm,
        Rebuild,
        FirstOnSeededCache,
    }

    private sealed record Outcome(double Seconds, double CpuSeconds);

    public static async Task RunAsync(BenchTools tools, BenchOptions options, Results results)
    {
        var setup = tools.Buildpack
            ?? throw new InvalidOperationException("the compile figure needs bench/run's buildpack set-up (BENCH_BUILDPACK_*, bench/lib/buildpack.sh)");
        var started = MonotonicClock.NowNanoseconds();
        foreach (var figure in new[] { Figures.CompileWall, Figures.CompileCpu })
        {
            // The rows' order in the report, whatever runs first.
            _ = results.For(figure, ColdRow);
            _ = results.For(figure, WarmRow);
            _ = results.For(figure, RebuildRow);
        }
        if (options.ColdCompiles == 0)
        {
            await RunOnSeededCacheAsync(tools, options, setup, results);
        }
        else
        {
            Console.Error.WriteLine($"bench: buildpack compile: {options.ColdCompiles} cold (about a minute each), {options.WarmCompiles} warm, {options.ColdCompiles} with the launcher rebuilt");
            for (var i = 0; i < options.ColdCompiles; i++)
            {
                var warm = options.WarmCompiles / options.ColdCompiles + (i < options.WarmCompiles % options.ColdCompiles ? 1 : 0);
                await RunOnFreshCacheAsync(tools, setup, warm, results);
            }
        }
        Console.Error.WriteLine($"bench: buildpack compile: done in {(MonotonicClock.NowNanoseconds() - started) / 1e9:0.0} s");
    }

    /// <summary>A cold compile into an empty cache, then WARM warm compiles and one rebuild on it; the cache is deleted after.</summary>
    private static async Task RunOnFreshCacheAsync(BenchTools tools, BuildpackSetup setup, int warm, Results results)
    {
        var cache = NewDirectory(setup, "cache");
        try
        {
            if (!await CompileAsync(tools, setup, cache, Kind.Cold, results, measureSlug: true))
            {
                // Warm compiles on the cache of a failed one would measure something else.
                return;
            }
            Record(results, Figures.CompileSizes, CacheRow, DirectorySize(cache));
            Record(results, Figures.CompileSizes, NuGetRow, DirectorySize(Path.Combine(cache, "promscale-buildpack", "nuget-packages")));
            for (var run = 0; run < warm; run++)
            {
                await CompileAsync(tools, setup, cache, Kind.Warm, results, measureSlug: false);
            }
            // As after a change of the launcher's source: its cache key changes, so its entry is missing.
            Directory.Delete(Path.Combine(cache, "promscale-buildpack", "launcher"), recursive: true);
            await CompileAsync(tools, setup, cache, Kind.Rebuild, results, measureSlug: false);
        }
        finally
        {
            DeleteQuietly(cache);
        }
    }

    /// <summary>
    /// --quick: no cold compile. bench/run seeded a cache with the launcher under test, under the key the buildpack's
    /// own bp_launcher_key gives; a first compile fills Promscale in (and shows that the seeded launcher was taken),
    /// then the warm compiles run on that cache. The copy leaves bench/run's seed as it was.
    /// </summary>
    private static async Task RunOnSeededCacheAsync(BenchTools tools, BenchOptions options, BuildpackSetup setup, Results results)
    {
        var seeded = setup.SeededCache
            ?? throw new InvalidOperationException("--quick needs a seeded buildpack cache (BENCH_BUILDPACK_SEEDED_CACHE, bench_bp_seed_cache)");
        Console.Error.WriteLine($"bench: buildpack compile: no cold compile (--quick), {options.WarmCompiles} warm on a cache seeded with the launcher under test");
        const string NotRun = "not run (--quick)";
        foreach (var figure in new[] { Figures.CompileWall, Figures.CompileCpu })
        {
            results.Note(figure, ColdRow, NotRun);
            results.Note(figure, RebuildRow, NotRun);
        }
        var cache = NewDirectory(setup, "cache");
        try
        {
            CopyDirectory(seeded, cache);
            if (!await CompileAsync(tools, setup, cache, Kind.FirstOnSeededCache, results, measureSlug: true))
            {
                return;
            }
            for (var run = 0; run < options.WarmCompiles; run++)
            {
                await CompileAsync(tools, setup, cache, Kind.Warm, results, measureSlug: false);
            }
        }
        finally
        {
            DeleteQuietly(cache);
        }
    }

    /// <summary>One compile into a fresh BUILD_DIR holding one app file; records it when every check passed.</summary>
    private static async Task<bool> CompileAsync(BenchTools tools, BuildpackSetup setup, string cache, Kind kind, Results results, bool measureSlug)
    {
        var build = NewDirectory(setup, "build");
        try
        {
            File.WriteAllText(Path.Combine(build, "README.app"), "an app file\n");
            if (await RunCompileAsync(tools, setup, build, cache, kind, results) is not { } outcome)
            {
                return false;
            }
            var row = kind switch
            {
                Kind.Cold => ColdRow,
                Kind.Warm => WarmRow,
                Kind.Rebuild => RebuildRow,
                _ => null,
            };
            if (row is not null)
            {
                results.For(Figures.CompileWall, row).Add(outcome.Seconds);
                results.For(Figures.CompileCpu, row).Add(outcome.CpuSeconds);
            }
            if (measureSlug)
            {
                var bin = Path.Combine(build, "bin");
                Record(results, Figures.CompileSizes, SlugRow, DirectorySize(build));
                Record(results, Figures.CompileSizes, SlugArchiveRow, ArchiveSize(build));
                Record(results, Figures.CompileSizes, LauncherRow, new FileInfo(Path.Combine(bin, LauncherName)).Length);
            }
            Console.Error.WriteLine($"bench: buildpack compile, {Describe(kind)}: {outcome.Seconds:0.00} s (CPU {outcome.CpuSeconds:0.0} s)");
            return true;
        }
        finally
        {
            DeleteQuietly(build);
        }
    }

    private static async Task<Outcome?> RunCompileAsync(BenchTools tools, BuildpackSetup setup, string build, string cache, Kind kind, Results results)
    {
        var requestsBefore = File.ReadAllLines(setup.RequestLog).Length;
        var output = new List<string>();
        void Keep(string line)
        {
            lock (output)
            {
                output.Add(line);
            }
        }
        using var process = TimedProcess.Start(tools, [setup.Compile, build, cache, setup.EnvDirectory], Environment(setup),
            onStdout: (line, _) => Keep(line), onStderr: (line, _) => Keep(line), workingDirectory: setup.RunsDirectory);
        var report = await process.WaitForExitAsync(kind is Kind.Cold or Kind.Rebuild ? _buildTimeout : _warmTimeout);
        string text;
        lock (output)
        {
            text = string.Join('\n', output);
        }
        if (report is null)
        {
            await process.KillAsync();
            results.Fail($"buildpack compile, {Describe(kind)}: no end within {(kind is Kind.Cold or Kind.Rebuild ? _buildTimeout : _warmTimeout).TotalSeconds:0} s; killed. Output: {Last(text)}");
            return null;
        }
        var requests = File.ReadAllLines(setup.RequestLog).Skip(requestsBefore).ToList();
        if (Problem(setup, kind, report.Status, text, build, requests) is { } problem)
        {
            results.Fail($"buildpack compile, {Describe(kind)}: {problem}. Output: {Last(text)}");
            return null;
        }
        if (SdkLine().Match(text) is { Success: true } sdk)
        {
            results.SetFact(SdkFact, sdk.Groups[1].Value);
        }
        return new Outcome((report.Exited - report.Spawned) / 1e9, report.CpuNanoseconds / 1e9);
    }

    /// <summary>A clean environment, as in a build container, plus how this machine reaches its NuGet source.</summary>
    private static Dictionary<string, string> Environment(BuildpackSetup setup)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HOME"] = setup.RunsDirectory,
            ["TMPDIR"] = setup.TempDirectory,
            ["STACK"] = setup.Stack,
        };
        foreach (var name in PassedThrough)
        {
            if (System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                environment[name] = value;
            }
        }
        return environment;
    }

    /// <summary>Why this compile does not count, or null.</summary>
    private static string? Problem(BuildpackSetup setup, Kind kind, int status, string output, string build, IReadOnlyList<string> requests)
    {
        if (status != 0)
        {
            return $"exit status {status}";
        }
        var asset = Path.GetFileName(setup.PromscaleAsset);
        var version = Path.GetFileName(Path.GetDirectoryName(setup.PromscaleAsset));
        var launcher = Path.Combine(build, "bin", LauncherName);
        var promscale = Path.Combine(build, "bin", "promscale");
        var installed = Directory.EnumerateFileSystemEntries(build, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(build, path)).Order(StringComparer.Ordinal).ToList();
        if (!installed.SequenceEqual(["README.app", "bin", Path.Combine("bin", "promscale"), Path.Combine("bin", LauncherName)]))
        {
            return $"BUILD_DIR holds {string.Join(", ", installed)}, not the app file and bin/promscale, bin/{LauncherName}";
        }
        if (!File.ReadAllBytes(promscale).AsSpan().SequenceEqual(File.ReadAllBytes(setup.PromscaleAsset)))
        {
            return "bin/promscale is not the served asset";
        }
        if (!IsElf(launcher))
        {
            return $"bin/{LauncherName} is not an ELF executable";
        }
        var downloaded = requests.Contains($"GET /{version}/{asset} 200", StringComparer.Ordinal)
            && requests.Contains($"GET /{version}/checksums.txt 200", StringComparer.Ordinal);
        var built = output.Contains("Building promscale-launcher from source", StringComparison.Ordinal);
        var launcherCached = output.Contains("Using the launcher built earlier", StringComparison.Ordinal);
        var promscaleCached = output.Contains($"Using the cached {asset}", StringComparison.Ordinal);
        return kind switch
        {
            Kind.Cold when !downloaded || promscaleCached => "Promscale and its checksums.txt were not downloaded from the mirror",
            Kind.Cold when !built => "the launcher was not built",
            Kind.FirstOnSeededCache when !downloaded => "Promscale and its checksums.txt were not downloaded from the mirror",
            Kind.FirstOnSeededCache when !launcherCached => "the seeded launcher was not taken from the cache (bench_bp_seed_cache and bin/compile disagree on the cache key)",
            Kind.Warm when requests.Count > 0 => $"a warm compile made requests to the mirror: {string.Join("; ", requests)}",
            Kind.Warm when !promscaleCached || !launcherCached || built => "Promscale or the launcher was not taken from the cache",
            Kind.Rebuild when requests.Count > 0 => $"the rebuild made requests to the mirror: {string.Join("; ", requests)}",
            Kind.Rebuild when !promscaleCached || !built => "Promscale was not taken from the cache, or the launcher was not built",
            _ => null,
        };
    }

    private static string Describe(Kind kind) => kind switch
    {
        Kind.Cold => "cold",
        Kind.Warm => "warm",
        Kind.Rebuild => "launcher rebuilt",
        _ => "first compile on the seeded cache",
    };

    private static bool IsElf(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }
        Span<byte> magic = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.Read(magic) == 4 && magic.SequenceEqual(_elfMagic);
    }

    private static void Record(Results results, string figure, string row, long bytes) =>
        results.For(figure, row).Add(bytes / BytesPerMegabyte);

    /// <summary>The sum of the files' sizes (apparent, as an archive holds them).</summary>
    private static long DirectorySize(string directory) =>
        Directory.Exists(directory)
            ? new DirectoryInfo(directory).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Sum(file => file.Length)
            : 0;

    /// <summary>The directory as a gzip-compressed tar archive, the form a slug is stored in; its size.</summary>
    private static long ArchiveSize(string directory)
    {
        using var archive = new MemoryStream();
        using (var gzip = new GZipStream(archive, CompressionLevel.Optimal, leaveOpen: true))
        {
            TarFile.CreateFromDirectory(directory, gzip, includeBaseDirectory: false);
        }
        return archive.Length;
    }

    private static int _directoryCounter;

    private static string NewDirectory(BuildpackSetup setup, string prefix)
    {
        var path = Path.Combine(setup.RunsDirectory, $"{prefix}-{Interlocked.Increment(ref _directoryCounter)}");
        Directory.CreateDirectory(path);
        return path;
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(destination, Path.GetRelativePath(source, directory)));
        }
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            // On Unix, File.Copy keeps the mode (the launcher stays executable).
            File.Copy(file, Path.Combine(destination, Path.GetRelativePath(source, file)));
        }
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"bench: could not remove {directory} ({exception.Message}); bench/run removes it on exit");
        }
    }

    /// <summary>The end of a compile's output, where the buildpack explains a failure.</summary>
    private static string Last(string text)
    {
        var lines = text.Split('\n');
        return string.Join(" | ", lines.Skip(Math.Max(0, lines.Length - 25)));
    }

    [GeneratedRegex(@"Using the \.NET SDK on PATH \(([^)]+)\)")]
    private static partial Regex SdkLine();
}
