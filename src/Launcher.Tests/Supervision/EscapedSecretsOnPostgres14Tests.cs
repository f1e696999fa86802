using System.Text;
using PromscaleLauncher.Tests.Logging.Support;
using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Supervision;

/// <summary>
/// The real launcher runs a PROMSCALE_BIN script that prints both passwords raw, Go-quoted, JSON-escaped,
/// percent-encoded and escaped twice, one form per line, plus a line longer than a pump part with an escaped
/// password across the part boundary: no form reaches the launcher's output.
/// </summary>
[Collection(PostgresCollections.V14)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class EscapedSecretsOnPostgres14Tests(Postgres14Fixture fixture)
{
    private const string WebPassword = "we\"b\\pa%ss@w:ord/é€😀 +x<&>'";
    private const int PumpPartChars = 64 * 1024;

    static EscapedSecretsOnPostgres14Tests() => SecretRegistry.Register(WebPassword);

    [PostgresFact(PostgresVersion.V14)]
    public async Task No_form_of_either_password_printed_by_Promscale_reaches_the_launchers_output()
    {
        var cluster = fixture.Cluster;
        var database = await cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        var dbPassword = cluster.PasswordOf(PostgresCluster.CreatorRole);
        var forms = SecretForms.Of(WebPassword).Concat(SecretForms.Of(dbPassword)).Distinct().ToList();
        var lines = forms.Select((form, i) => $"form-{i}: {form} :end").ToList();
        var straddling = SecretForms.Of(WebPassword)[3];
        lines.Add(new string('x', PumpPartChars - (straddling.Length / 2)) + straddling + " :long-end");

        var directory = Directory.CreateTempSubdirectory("escaped-secrets-");
        try
        {
            var script = Path.Combine(directory.FullName, "promscale");
            await File.WriteAllTextAsync(script,
                "#!/bin/sh\nif [ \"$1\" = \"-version\" ]; then echo 0.10.0; exit 0; fi\ncat <<'PROMSCALE_OUTPUT' >&2\n"
                + string.Join('\n', lines) + "\nPROMSCALE_OUTPUT\nexit 1\n", new UTF8Encoding(false));
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var environment = LauncherEnvironment.For(cluster, PostgresCluster.CreatorRole, database,
                // The text log, where each form is searched as printed (the JSON log would escape a leaked quote or backslash).
                overrides: [("PROMSCALE_BIN", script), ("PROMSCALE_WEB_AUTH_PASSWORD", WebPassword), ("PORT", FreePort.Next().ToString()), ("PROMSCALE_LAUNCHER_LOG_FORMAT", "text"), LauncherEnvironment.WithoutTimescaleDb]);

            var result = await LauncherProcess.RunAsync(environment);

            Assert.True(result.ExitCode == 1, result.ToString());
            for (var i = 0; i < forms.Count; i++)
            {
                Assert.Contains($"form-{i}: ", result.StandardError);
                Assert.DoesNotContain(forms[i], result.AllOutput, StringComparison.Ordinal);
            }
            Assert.Contains(":long-end", result.StandardError);
            Assert.DoesNotContain(straddling, result.AllOutput.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
            SecretRegistry.AssertAbsentFrom(result.AllOutput, "the launcher's output");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
