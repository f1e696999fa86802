using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npgsql;
using PromscaleLauncher.Tests.Support.Postgres;

namespace PromscaleLauncher.Tests.Database;

/// <summary>
/// A PostgreSQL 14 with TLS whose certificate comes from a throwaway CA that the server does not send, and names
/// an issuer URL (AIA) on loopback that counts who asks: what a client may download while it builds the chain.
/// A version that is not installed is not started locally (the tests are skipped); under CI it is, and fails.
/// </summary>
public sealed class TlsWithUnsentIssuerFixture : IAsyncLifetime
{
    private static readonly TimeSpan _startTimeout = TimeSpan.FromMinutes(2);
    private PostgresCluster? _cluster;

    public IssuerUrlServer IssuerUrl { get; } = new();

    public PostgresCluster Cluster =>
        _cluster ?? throw new InvalidOperationException(
            PostgresAvailability.FindProblem(PostgresVersion.V14) ?? "The cluster has not been started.");

    /// <summary>The CA's certificate (PEM), for sslrootcert.</summary>
    public string CaCertificatePath => Path.Combine(CertificateDirectory, "test-ca.crt");

    // The cluster's own directory: the postgres OS user reads it, and removing the cluster removes the files.
    private string CertificateDirectory => Path.GetDirectoryName(Cluster.DataDirectory)!;

    public async Task InitializeAsync()
    {
        if (PostgresAvailability.SkipReason(PostgresVersion.V14) is not null)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(_startTimeout);
        _cluster = await PostgresCluster.StartAsync(new PostgresClusterOptions(PostgresVersion.V14) { Tls = true }, timeout.Token);
        var thumbprint = WriteCertificates();
        // The postgres OS user copies the files: the server accepts a key file only from its owner, mode 0600.
        foreach (var file in new[] { "server.crt", "server.key" })
        {
            var target = Path.Combine(_cluster.DataDirectory, file);
            await OsCommand.RunAsPostgresAsync("cp", [Path.Combine(CertificateDirectory, $"test-{file}"), target], CertificateDirectory, timeout.Token);
            await OsCommand.RunAsPostgresAsync("chmod", ["600", target], CertificateDirectory, timeout.Token);
        }
        await using (var superuser = await _cluster.OpenSuperuserAsync(ct: timeout.Token))
        await using (var reload = new NpgsqlCommand("SELECT pg_reload_conf()", superuser))
        {
            await reload.ExecuteScalarAsync(timeout.Token);
        }
        await WaitForCertificateAsync(thumbprint, timeout.Token);
    }

    /// <summary>Writes test-ca.crt, and test-server.crt (the leaf alone) with test-server.key; returns the leaf's thumbprint.</summary>
    private string WriteCertificates()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Promscale Launcher test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddHours(-1), now.AddDays(2));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(null, [IssuerUrl.Url]));
        using var leaf = request.Create(ca, now.AddHours(-1), now.AddDays(1), RandomNumberGenerator.GetBytes(16));

        File.WriteAllText(CaCertificatePath, ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(CertificateDirectory, "test-server.crt"), leaf.ExportCertificatePem());
        File.WriteAllText(Path.Combine(CertificateDirectory, "test-server.key"), key.ExportPkcs8PrivateKeyPem());
        return leaf.Thumbprint;
    }

    /// <summary>pg_reload_conf() only signals the postmaster: waits until new connections get the new certificate.</summary>
    private async Task WaitForCertificateAsync(string thumbprint, CancellationToken ct)
    {
        var presented = "";
        var builder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(Cluster.ConnectionStringFor(PostgresCluster.SuperuserRole, "postgres"))
        {
            SslMode = SslMode.Require,
        }.ConnectionString);
        builder.UseSslClientAuthenticationOptionsCallback(options =>
        {
            // Without downloads, so that the issuer URL counts only the tests' requests.
            options.CertificateChainPolicy = new X509ChainPolicy { DisableCertificateDownloads = true, RevocationMode = X509RevocationMode.NoCheck };
            options.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                presented = certificate?.GetCertHashString() ?? "";
                return true;
            };
        });
        await using var dataSource = builder.Build();
        while (true)
        {
            await using (await dataSource.OpenConnectionAsync(ct))
            {
            }
            if (presented == thumbprint)
            {
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
        }
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
        await IssuerUrl.DisposeAsync();
    }
}
