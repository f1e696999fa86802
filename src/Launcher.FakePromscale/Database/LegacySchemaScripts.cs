using System.Reflection;

namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>
/// The stand-in of Promscale 0.10.0's migration SQL (Database/Schema/, embedded): one script per real script of
/// <c>pkg/migrations/sql</c> at tag 0.10.0 that the launcher can observe, in the real order, under the real names
/// that appear in the migration's error chain (docs/promscale.md §10.1).
/// </summary>
internal static class LegacySchemaScripts
{
    public const string Users = "preinstall/001-users.sql";
    public const string Schemas = "preinstall/002-schemas.sql";

    public static readonly string[] InOrder =
    [
        Users,
        Schemas,
        "preinstall/004-tables.sql",
        "preinstall/006-install_uda.sql",
        "preinstall/010-tracing.sql",
        "idempotent/base.sql",
        "idempotent/maintenance.sql",
    ];

    public static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded schema script {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
