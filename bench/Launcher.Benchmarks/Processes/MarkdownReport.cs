using System.Globalization;
using System.Text;

namespace PromscaleLauncher.Benchmarks.Processes;

/// <summary>
/// The process figures as markdown tables for docs/benchmarks.md: per row the median with min–max and n, and the
/// ratio of the median to a baseline's; then the targets of issue 5 against the AOT launcher's medians.
/// </summary>
internal static class MarkdownReport
{
    private const long TargetSizeBytes = 10_000_000;

    public static string Write(BenchTools tools, BenchOptions options, Results results, MachineDescription machine, string loadAfter)
    {
        var aot = "launcher (AOT)";
        var size = new FileInfo(tools.LauncherAot).Length;
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        var compiles = options.Includes("compile")
            ? options.ColdCompiles == 0
                ? $" Buildpack compile: {options.WarmCompiles} warm, no cold."
                : $" Buildpack compile: {options.ColdCompiles} cold, {options.WarmCompiles} warm, {options.ColdCompiles} with the launcher rebuilt."
            : "";
        text.AppendLine(invariant, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `bench/run{(options.Quick ? " --quick" : "")}`: {options.Runs} run(s) per figure (idle memory and forwarding: {Math.Min(options.Runs, 5)}), {options.Lines:N0} lines.{compiles}");
        text.AppendLine();
        text.AppendLine("| Machine | |");
        text.AppendLine("|---|---|");
        text.AppendLine(invariant, $"| CPU | {machine.Cpu}, {machine.Cores} cores (nproc) |");
        text.AppendLine(invariant, $"| Kernel | {machine.Kernel} |");
        text.AppendLine(invariant, $"| Memory | {machine.MemoryTotal} |");
        text.AppendLine(invariant, $"| Load average (1/5/15 min) | before {machine.LoadBefore}, after {loadAfter} |");
        text.AppendLine(invariant, $"| Harness runtime | {machine.Runtime} |");
        text.AppendLine(invariant, $"| AOT binary | {size:N0} bytes ({size / 1048576.0:0.00} MiB) |");
        text.AppendLine();

        Table(text, results, "exec → child running", "ms", Figures.ExecToChild, "0.00",
            [("bash -c 'exec child'", "bash -c exec"), ("tini -s -- child", "tini")]);
        Table(text, results, "CPU time of the same runs (user + system, the subject and its children, until the probe exits)", "ms", Figures.ExecCpu, "0.0",
            [("bash -c 'exec child'", "bash -c exec"), ("tini -s -- child", "tini")]);
        Table(text, results, "The launcher's preflight, as it logs it (TLS + SCRAM + 14 checks, loopback PostgreSQL 14)", "ms", Figures.LauncherPreflight, "0", []);
        Table(text, results, "Idle resident memory while Promscale runs", "MiB", Figures.IdleRss, "0.0",
            [("tini -s -- child", "tini"), ("original boot.sh (bash, no exec)", "boot.sh")]);
        Table(text, results, "Idle proportional memory (PSS)", "MiB", Figures.IdlePss, "0.0",
            [("tini -s -- child", "tini"), ("original boot.sh (bash, no exec)", "boot.sh")]);
        Table(text, results, "Idle private memory (USS)", "MiB", Figures.IdlePrivate, "0.0",
            [("tini -s -- child", "tini"), ("original boot.sh (bash, no exec)", "boot.sh")]);
        Table(text, results, "Idle threads", "", Figures.IdleThreads, "0", []);
        IReadOnlyList<(string, string)> cat =
        [
            (ForwardingScenario.Row(ForwardingScenario.CatRow, ForwardingScenario.FakeProducer), "cat ← fake"),
            (ForwardingScenario.Row(ForwardingScenario.CatRow, ForwardingScenario.CProducer), "cat ← C"),
        ];
        Table(text, results, $"Forwarding {options.Lines:N0} lines: wall time, first line → last line", "s", Figures.ForwardWall, "0.000", cat);
        Table(text, results, "Forwarding: throughput", "lines/s", Figures.ForwardRate, "N0", cat);
        Table(text, results, "Forwarding: CPU time of the forwarder per line", "µs", Figures.ForwardCpu, "0.00", cat);
        Table(text, results, "Forwarding: peak RSS of the forwarder", "MiB", Figures.ForwardPeakRss, "0.0", cat);
        Table(text, results, "SIGTERM → child dead", "ms", Figures.StopSignalToChild, "0.00", [("tini -s -- child", "tini")]);
        Table(text, results, "Child dead → subject exited", "ms", Figures.StopChildToExit, "0.00", [("tini -s -- child", "tini")]);
        Table(text, results, "Promscale bound → `ready:` event (the launcher polls /healthz every 100 ms)", "ms", Figures.Ready, "0.0", []);
        WriteCompile(text, tools, options, results);

        text.AppendLine("#### Targets (issue 5), against the AOT launcher's medians");
        text.AppendLine();
        text.AppendLine("| Target | Measured | Met |");
        text.AppendLine("|---|---|---|");
        Target(text, "binary ≤ 10 MB (10,000,000 bytes)", size, "N0", " bytes", size <= TargetSizeBytes);
        TargetFrom(text, results, "exec → child ≤ 12 ms without the preflight", Figures.ExecToChild, aot + ExecToChildScenario.BeforePreflight, "0.0", " ms", m => m <= 12);
        TargetFrom(text, results, "exec → child ≤ 50 ms with the full preflight on loopback", Figures.ExecToChild, aot + ExecToChildScenario.AfterPreflight, "0.0", " ms", m => m <= 50);
        TargetFrom(text, results, "idle RSS ≤ 16 MiB", Figures.IdleRss, aot, "0.0", " MiB", m => m <= 16);
        foreach (var producer in new[] { ForwardingScenario.FakeProducer, ForwardingScenario.CProducer })
        {
            var row = ForwardingScenario.Row(aot, producer);
            TargetFrom(text, results, $"forwarding ≥ 500,000 lines/s with parsing and redaction ({producer})", Figures.ForwardRate, row, "N0", " lines/s", m => m >= 500_000);
            TargetFrom(text, results, $"forwarding peak RSS ≤ 32 MiB ({producer})", Figures.ForwardPeakRss, row, "0.0", " MiB", m => m <= 32);
        }
        var lost = results.Failures.Any(f => f.StartsWith("forwarding", StringComparison.Ordinal));
        text.AppendLine(invariant, $"| nothing lost, nothing reordered | {(lost ? "lines lost or reordered" : "every line once, in order, in every run")} | {(lost ? "no" : "yes")} |");
        TargetFrom(text, results, "stop ≤ 20 ms after the child exits", Figures.StopChildToExit, aot, "0.00", " ms", m => m <= 20);
        TargetFrom(text, results, "warm buildpack compile ≤ 5 s", Figures.CompileWall, BuildpackCompileScenario.WarmRow, "0.00", " s", m => m <= 5);
        text.AppendLine();
        WriteRedesignTargets(text, results, aot);
        if (results.Failures.Count > 0)
        {
            text.AppendLine("**Failed checks in this run:**");
            text.AppendLine();
            foreach (var failure in results.Failures)
            {
                text.AppendLine(invariant, $"- {failure.ReplaceLineEndings(" ")}");
            }
            text.AppendLine();
        }
        return text.ToString();
    }

    /// <summary>
    /// Issue 10's targets for the redesign: exec → Promscale with the full TLS preflight at most 100 ms more than tini's
    /// exec → child in the same run (a difference of medians, so that machine load hits both), idle RSS ≤ 16 MiB,
    /// stop ≤ 20 ms.
    /// </summary>
    private static void WriteRedesignTargets(StringBuilder text, Results results, string aot)
    {
        text.AppendLine("#### Targets (issue 10), against the AOT launcher's medians");
        text.AppendLine();
        text.AppendLine("| Target | Measured | Met |");
        text.AppendLine("|---|---|---|");
        var toPromscale = results.Find(Figures.ExecToChild, aot + ExecToChildScenario.AfterPreflight);
        var tini = results.Find(Figures.ExecToChild, "tini -s -- child");
        if (toPromscale is { Count: > 0 } && tini is { Count: > 0 })
        {
            var over = toPromscale.Median - tini.Median;
            Target(text, "exec → Promscale with the full TLS preflight ≤ 100 ms over tini (median − median)", over, "0.0", $" ms ({toPromscale.Median:0.0} − {tini.Median:0.0})", over <= 100);
        }
        else
        {
            text.AppendLine("| exec → Promscale with the full TLS preflight ≤ 100 ms over tini (median − median) | not measured | – |");
        }
        TargetFrom(text, results, "idle RSS ≤ 16 MiB", Figures.IdleRss, aot, "0.0", " MiB", m => m <= 16);
        TargetFrom(text, results, "stop ≤ 20 ms after the child exits", Figures.StopChildToExit, aot, "0.00", " ms", m => m <= 20);
        text.AppendLine();
    }

    /// <summary>The buildpack compile: what each kind of compile is, then its times, then the slug's and cache's sizes.</summary>
    private static void WriteCompile(StringBuilder text, BenchTools tools, BenchOptions options, Results results)
    {
        if (!options.Includes("compile") || tools.Buildpack is not { } setup || results.Rows(Figures.CompileWall).Count == 0)
        {
            return;
        }
        var invariant = CultureInfo.InvariantCulture;
        var asset = new FileInfo(setup.PromscaleAsset).Length;
        var sdk = results.Fact(BuildpackCompileScenario.SdkFact) is { } version ? $"the .NET SDK on PATH ({version})" : "the .NET SDK on PATH";
        text.AppendLine("#### Buildpack compile (`bin/compile`): what cold, warm and rebuilt mean");
        text.AppendLine();
        text.AppendLine(invariant, $"- **What runs**: the root `bin/compile BUILD_DIR CACHE_DIR ENV_DIR` of a snapshot of the repository taken when `bench/run` started (`src/` without `bin/` and `obj/`, `buildpack/`, the build files), as Scalingo runs it, in a clean environment (`PATH`, `HOME`, `TMPDIR`, `STACK={setup.Stack}`, plus this machine's way to its NuGet source when set: {string.Join(", ", BuildpackCompileScenario.PassedThrough.Where(name => Environment.GetEnvironmentVariable(name) is { Length: > 0 }).Select(name => $"`{name}`"))}). Wall time: spawn-timer's `CLOCK_MONOTONIC` stamps around the `bin/compile` process; CPU: user + system time of the compile and the children it waited for. The SDK: {sdk}; a first compile on Scalingo, whose stacks have no .NET, also downloads, verifies and unpacks the pinned SDK: not measured here. Promscale: a {asset}-byte stand-in with its `checksums.txt`, from a loopback mirror (`buildpack/test/fixtures/serve.py`, as in the buildpack's end-to-end test): downloading and hashing the real binary is not in these figures, nor are Scalingo's cache restore and slug upload.");
        text.AppendLine("- **cold**: an empty CACHE_DIR, a fresh BUILD_DIR holding one app file. The buildpack keeps NuGet's global packages folder in its cache (`NUGET_PACKAGES`) and NuGet's HTTP cache in its temporary directory, so the NuGet package cache is empty too: every package is restored from the machine's NuGet source, as on a first deployment (nothing comes from `~/.nuget`). Work: Promscale download and verification, NuGet restore, Native AOT publish, install. Checked: both downloaded from the mirror, the launcher built.");
        text.AppendLine("- **warm**: a fresh BUILD_DIR holding one app file, with the CACHE_DIR the previous compile left (as Scalingo restores the cache into a fresh build directory), and the same source. Work: `dotnet --version`, hashing the launcher's sources for its cache key, re-hashing the two cached executables, copying them. Checked: no request to the mirror, both executables taken from the cache (no `dotnet publish`).");
        text.AppendLine("- **launcher rebuilt**: a cold compile's cache without its launcher entry, as after a change of the launcher's source (a new cache key): NuGet packages and Promscale cached, then `dotnet publish` with Native AOT. Checked: no request to the mirror, the launcher built. Cold − rebuilt is what the NuGet restore costs.");
        text.AppendLine(options.ColdCompiles > 0
            ? "- **Order**: each cold compile has a cache of its own, followed by its share of the warm compiles and one rebuild on that cache, which is then deleted. The sizes below are measured after each cold compile."
            : "- **--quick**: no cold compile and no rebuild (each is a minute of Native AOT on 2 cores; the buildpack's own tests build cold in CI). `bench/run` seeds a cache with the launcher under test, under the key the buildpack's own `bp_launcher_key` gives the snapshot; a first compile on it downloads Promscale and takes the seeded launcher (checked), then the warm compiles run on that cache. The sizes below are those of that first compile, whose launcher is the one under test.");
        text.AppendLine();
        Table(text, results, "Buildpack compile: wall time", "s", Figures.CompileWall, "0.00", [], "Compile");
        Table(text, results, "Buildpack compile: CPU time (user + system, the compile and its children)", "s", Figures.CompileCpu, "0.0", [], "Compile");
        if (results.Find(Figures.CompileWall, BuildpackCompileScenario.ColdRow) is { Count: > 0 } cold
            && results.Find(Figures.CompileWall, BuildpackCompileScenario.RebuildRow) is { Count: > 0 } rebuilt)
        {
            // Under load the two overlap, and their difference is noise: say so rather than print a cost.
            var overlap = cold.Min <= rebuilt.Max
                ? " The two ranges overlap: in this run the restore is lost in the spread (machine load), not measured."
                : "";
            text.AppendLine(invariant, $"The NuGet restore, cold − launcher rebuilt: {cold.Median - rebuilt.Median:0.0} s between the medians, {cold.Min - rebuilt.Min:0.0} s between the minimums.{overlap}");
            text.AppendLine();
        }
        Table(text, results, "Slug and cache (MB = 10^6 bytes)", "MB", Figures.CompileSizes, "0.00", [], "Directory or file");
    }

    private static void Table(StringBuilder text, Results results, string title, string unit, string figure, string format,
        IReadOnlyList<(string Row, string Label)> baselines, string rowHeader = "Subject")
    {
        var rows = results.Rows(figure);
        if (rows.Count == 0)
        {
            return;
        }
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine(invariant, $"#### {title}");
        text.AppendLine();
        var header = new StringBuilder($"| {rowHeader} | median (min–max, n)" + (unit.Length > 0 ? $", {unit}" : "") + " |");
        var rule = new StringBuilder("|---|---|");
        var baselineMedians = new List<(string Label, double Median)>();
        foreach (var (row, label) in baselines)
        {
            if (results.Find(figure, row) is { Count: > 0 } samples)
            {
                baselineMedians.Add((label, samples.Median));
                header.Append(invariant, $" × {label} |");
                rule.Append("---|");
            }
        }
        text.AppendLine(header.ToString());
        text.AppendLine(rule.ToString());
        foreach (var (row, samples) in rows)
        {
            var cell = results.NoteFor(figure, row) ?? samples.Describe(format);
            text.Append(invariant, $"| {row} | {cell} |");
            foreach (var (_, median) in baselineMedians)
            {
                text.Append(samples.Count > 0 && median > 0 ? string.Create(invariant, $" {samples.Median / median:0.00} |") : " – |");
            }
            text.AppendLine();
        }
        text.AppendLine();
    }

    private static void TargetFrom(StringBuilder text, Results results, string target, string figure, string row, string format, string unit, Func<double, bool> met)
    {
        if (results.Find(figure, row) is { Count: > 0 } samples)
        {
            Target(text, target, samples.Median, format, unit, met(samples.Median));
        }
        else
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {target} | not measured | – |");
        }
    }

    private static void Target(StringBuilder text, string target, double value, string format, string unit, bool met) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"| {target} | {value.ToString(format, CultureInfo.InvariantCulture)}{unit} | {(met ? "yes" : "**no**")} |");
}
