namespace PromscaleLauncher.FakePromscale.Flags;

/// <summary><c>util.GetEnvVarName</c>: <c>PROMSCALE_</c> + the flag name upper-cased, <c>.</c> and <c>-</c> → <c>_</c> (docs/promscale.md §1.2).</summary>
internal static class EnvironmentVariableName
{
    public const string Prefix = "PROMSCALE";

    public static string For(string flagName)
        => Prefix + "_" + flagName.ToUpperInvariant().Replace('.', '_').Replace('-', '_');
}
