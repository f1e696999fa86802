using PromscaleLauncher.Configuration;

namespace PromscaleLauncher.Tests.Support;

/// <summary>A valid Scalingo-like environment, with overrides.</summary>
internal static class SettingsExamples
{
    public static LauncherSettings Scalingo(params (string Name, string Value)[] overrides)
    {
        var environment = new Dictionary<string, string>
        {
            ["SCALINGO_POSTGRESQL_URL"] = "postgresql://my_app_4553:db-secret@db.example.com:31000/my_app_4553?sslmode=prefer",
            ["PROMSCALE_WEB_AUTH_USERNAME"] = "prometheus",
            ["PROMSCALE_WEB_AUTH_PASSWORD"] = "web-secret",
            ["PORT"] = "8080",
            ["CONTAINER"] = "web-1",
        };
        foreach (var (name, value) in overrides)
        {
            environment[name] = value;
        }
        var result = SettingsReader.Read(environment);
        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        return result.Settings!;
    }
}
