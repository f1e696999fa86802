using System.Collections;

namespace PromscaleLauncher.Configuration;

/// <summary>The launcher's environment, read once at start: the settings and Promscale's environment come from it.</summary>
internal sealed record StartupEnvironment(IReadOnlyDictionary<string, string> Variables)
{
    public static StartupEnvironment FromProcess() =>
        new(Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(entry => (string)entry.Key, entry => (string?)entry.Value ?? "", StringComparer.Ordinal));

    /// <summary>The Scalingo app's name (Scalingo sets APP), for the fixes' `scalingo --app` commands; null elsewhere.</summary>
    public string? App => Variables.GetValueOrDefault("APP");

    /// <summary>
    /// Every secret the environment holds, read without the settings (an internal error may come before or
    /// without them): the addon URLs whole, their decoded passwords and secret parameters, the basic-auth password.
    /// </summary>
    public IEnumerable<string?> Secrets
    {
        get
        {
            foreach (var name in new[] { EnvironmentVariableNames.ScalingoPostgresqlUrl, EnvironmentVariableNames.DatabaseUrl })
            {
                var text = Variables.GetValueOrDefault(name);
                yield return text;
                if (text is not null && PostgresUrl.TryParse(text, out var url, out _))
                {
                    yield return url.Password?.Reveal();
                    foreach (var parameter in PostgresUrl.SecretParameterNames)
                    {
                        yield return url.GetParameter(parameter);
                    }
                }
            }
            yield return Variables.GetValueOrDefault(EnvironmentVariableNames.WebAuthPassword);
            yield return Variables.GetValueOrDefault(EnvironmentVariableNames.ExportPassword);
            yield return Variables.GetValueOrDefault(EnvironmentVariableNames.ExportBearerToken);
        }
    }
}
