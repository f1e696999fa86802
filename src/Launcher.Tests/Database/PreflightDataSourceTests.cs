using System.Security.Authentication;
using System.Text.Json;
using Npgsql;
using PromscaleLauncher.Configuration;
using PromscaleLauncher.Database;
using PromscaleLauncher.Tests.Support;
using PromscaleLauncher.Tests.Support.Postgres;
using PromscaleLauncher.Tests.Support.Processes;

namespace PromscaleLauncher.Tests.Database;

/// <summary>The preflight's TLS against a server whose certificate's issuer is neither sent nor trusted.</summary>
public sealed class PreflightDataSourceTests(TlsWithUnsentIssuerFixture fixture) : IClassFixture<TlsWithUnsentIssuerFixture>
{
    private LauncherSettings Settings(string query) => SettingsExamples.Scalingo(
        ("SCALINGO_POSTGRESQL_URL", fixture.Cluster.UrlFor(PostgresCluster.AppRole, PostgresCluster.AppDatabase, query)));

    private static async Task<ServerFacts> ReadAsync(LauncherSettings settings)
    {
        await using var dataSource = PreflightDataSource.Create(settings);
        await using var connection = await dataSource.OpenConnectionAsync();
        return await ServerFactsReader.ReadAsync(connection, CancellationToken.None);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Encrypts_Scalingos_sslmode_prefer_without_fetching_the_issuer_the_server_did_not_send()
    {
        var before = fixture.IssuerUrl.Requests;

        var facts = await ReadAsync(Settings("sslmode=prefer"));

        Assert.True(facts.ConnectionEncrypted);
        Assert.Equal(before, fixture.IssuerUrl.Requests);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Verifies_the_server_against_sslrootcert_with_verify_full()
    {
        var facts = await ReadAsync(Settings($"sslmode=verify-full&sslrootcert={Uri.EscapeDataString(fixture.CaCertificatePath)}"));

        Assert.True(facts.ConnectionEncrypted);
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Leaves_verify_full_to_dotnets_default_chain_policy_which_asks_the_issuer_URL_then_rejects_the_server()
    {
        var before = fixture.IssuerUrl.Requests;

        var error = await Assert.ThrowsAsync<NpgsqlException>(() => ReadAsync(Settings("sslmode=verify-full")));

        Assert.IsType<AuthenticationException>(error.InnerException);
        Assert.True(fixture.IssuerUrl.Requests > before, "verify-full should build the chain with .NET's default policy, which downloads a missing issuer.");
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Reports_verify_full_against_an_untrusted_certificate_as_untrusted_not_as_missing_TLS_with_exit_76()
    {
        var environment = LauncherEnvironment.For(fixture.Cluster, PostgresCluster.AppRole, PostgresCluster.AppDatabase, "sslmode=verify-full");

        var result = await LauncherProcess.RunAsync(environment, "check", "--json");

        Assert.Equal(ExitCodes.TlsUnavailable, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var check = Assert.Single(json.RootElement.GetProperty("checks").EnumerateArray(), check => check.GetProperty("status").GetString() == "fail");
        Assert.Equal("db.tls-untrusted", check.GetProperty("id").GetString());
        Assert.Equal(ExitCodes.TlsUnavailable, check.GetProperty("exitCode").GetInt32());
        Assert.Equal("1", check.GetProperty("evidence").GetProperty("attempts").GetString());
        Assert.Contains("sslrootcert=", check.GetProperty("fix").GetString());
    }

    [PostgresFact(PostgresVersion.V14)]
    public async Task Runs_Promscale_over_sslmode_require_with_the_environment_it_started_with_not_the_emptied_trust_store()
    {
        // Under require the launcher points its own native SSL_CERT_FILE/SSL_CERT_DIR at nothing (a chain nobody
        // checks, docs/benchmarks.md): the connection must still be encrypted, and Promscale must not inherit that.
        var database = await fixture.Cluster.CreateDatabaseAsync(PostgresCluster.CreatorRole);
        var environment = LauncherEnvironment.For(fixture.Cluster, PostgresCluster.CreatorRole, database, "sslmode=require",
            LauncherEnvironment.WithoutTimescaleDb,
            ("PORT", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt"));
        await using var launcher = RunningLauncher.Start(environment);
        var pid = await launcher.PromscalePidAsync();
        await launcher.WaitForEventAsync(LauncherEvents.PromscaleReady);

        var promscaleEnvironment = (await File.ReadAllTextAsync($"/proc/{pid}/environ")).Split('\0');
        launcher.Signal(15);
        Assert.Equal(0, await launcher.WaitForExitAsync());

        Assert.Contains(launcher.Events, e => e.Is(LauncherEvents.CheckPassed, "CheckId", "db.tls"));
        Assert.Contains("SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt", promscaleEnvironment);
        Assert.DoesNotContain("SSL_CERT_DIR=/dev/null", promscaleEnvironment);
    }
}
