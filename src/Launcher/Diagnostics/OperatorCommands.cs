namespace PromscaleLauncher.Diagnostics;

/// <summary>Exact commands for fixes, with the Scalingo app name filled in when the launcher knows it ($APP).</summary>
internal sealed class OperatorCommands(string? appName)
{
    private string App => string.IsNullOrEmpty(appName) ? "<app>" : appName;

    public string Scalingo(string arguments) => $"scalingo --app {App} {arguments}";

    /// <summary>Promscale migrates its schema only when no other connector runs (docs/promscale.md §3.4; original buildpack README).</summary>
    public string ScaleToZeroProcedure(int instances) =>
        $"stop every Promscale first: {Scalingo("scale web:0")}; deploy the new version (git push scalingo main); then {Scalingo($"scale web:{instances}")} so that one Promscale migrates alone.";

    public string SqlConsole => Scalingo("pgsql-console");

    /// <summary>A role name as an SQL identifier.</summary>
    public static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
}
