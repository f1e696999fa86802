using System.Globalization;

namespace PromscaleLauncher.Benchmarks.Processes;

/// <summary>
/// <c>processes [--quick] [--runs N] [--lines N] [--only exec,idle,forwarding,stop,ready,compile] [--markdown PATH]</c>.
/// --quick (CI): one run of each figure and 10,000 lines, so the harness cannot rot; the default: several runs
/// and 1,000,000 lines. --only runs some scenarios (to compare two builds quickly).
/// </summary>
internal sealed record BenchOptions(bool Quick, int Runs, int Lines, string? MarkdownPath, IReadOnlySet<string> Scenarios)
{
    public static readonly IReadOnlySet<string> AllScenarios = new HashSet<string>(["exec", "idle", "forwarding", "stop", "ready", "compile"], StringComparer.Ordinal);

    public bool Includes(string scenario) => Scenarios.Contains(scenario);

    public TimeSpan IdleSettle => Quick ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(3);

    /// <summary>
    /// Cold buildpack compiles (and as many with the launcher rebuilt): ~1 min each on 2 cores, so at most 3, and
    /// none in --quick, whose warm compile starts from a seeded cache (BuildpackCompileScenario).
    /// </summary>
    public int ColdCompiles => Quick ? 0 : Math.Min(Runs, 3);

    /// <summary>Warm buildpack compiles: ~1 s each; at most 7.</summary>
    public int WarmCompiles => Math.Min(Runs, 7);

    public static BenchOptions Parse(IReadOnlyList<string> arguments)
    {
        var quick = arguments.Contains("--quick");
        var runs = quick ? 1 : 11;
        var lines = quick ? 10_000 : 1_000_000;
        string? markdown = null;
        var scenarios = AllScenarios;
        for (var i = 0; i < arguments.Count; i++)
        {
            switch (arguments[i])
            {
                case "--quick":
                    break;
                case "--runs" when i + 1 < arguments.Count:
                    runs = int.Parse(arguments[++i], CultureInfo.InvariantCulture);
                    break;
                case "--lines" when i + 1 < arguments.Count:
                    lines = int.Parse(arguments[++i], CultureInfo.InvariantCulture);
                    break;
                case "--only" when i + 1 < arguments.Count:
                    scenarios = new HashSet<string>(arguments[++i].Split(','), StringComparer.Ordinal);
                    if (!scenarios.IsSubsetOf(AllScenarios))
                    {
                        throw new ArgumentException($"--only takes {string.Join(',', AllScenarios)}");
                    }
                    break;
                case "--markdown" when i + 1 < arguments.Count:
                    markdown = arguments[++i];
                    break;
                default:
                    throw new ArgumentException($"unknown option {arguments[i]}; usage: processes [--quick] [--runs N] [--lines N] [--only SCENARIOS] [--markdown PATH]");
            }
        }
        return new BenchOptions(quick, runs, lines, markdown, scenarios);
    }
}
