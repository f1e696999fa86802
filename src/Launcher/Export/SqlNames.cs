namespace PromscaleLauncher.Export;

/// <summary>Table names from _prom_catalog.metric, quoted as identifiers (they are metric names: any character may occur).</summary>
internal static class SqlNames
{
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
