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
        text.AppendLine(invariant, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `bench/run{(options.Quick ? " --quick" : "")}`: {options.Runs} run(s) per figure (idle memory and forwarding: {Math.Min(options.Runs, 5)}), {options.Lines:N0} lines.");
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
        text.AppendLine();
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

    private static void Table(StringBuilder text, Results results, string title, string unit, string figure, string format,
        IReadOnlyList<(string Row, string Label)> baselines)
    {
        var rows = results.Rows(figure);
        if (rows.Count == 0)
        {
            return;
        }
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine(invariant, $"#### {title}");
        text.AppendLine();
        var header = new StringBuilder("| Subject | median (min–max, n)" + (unit.Length > 0 ? $", {unit}" : "") + " |");
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
