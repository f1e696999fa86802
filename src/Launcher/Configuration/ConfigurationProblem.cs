namespace PromscaleLauncher.Configuration;

/// <summary>One invalid or missing environment variable: what is wrong and the exact fix, printed on one line.</summary>
internal sealed record ConfigurationProblem(string Variable, string Problem, string Fix)
{
    public override string ToString() => $"{Variable}: {Problem} Fix: {Fix}";
}
