namespace PromscaleLauncher.Configuration;

/// <summary>One invalid or missing environment variable: what is wrong and the exact fix, printed on one line.</summary>
internal sealed record ConfigurationProblem(string Variable, string Problem, string Fix)
{
    /// <summary>The database URL's query parameter the problem is about, when it is about one.</summary>
    public string? Parameter { get; init; }

    public override string ToString() => $"{Variable}: {Problem} Fix: {Fix}";
}
