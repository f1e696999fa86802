using System.Security.Cryptography.X509Certificates;
using Npgsql;
using PromscaleLauncher.Configuration;

namespace PromscaleLauncher.Database;

/// <summary>The preflight's one NpgsqlDataSource: the operator's URL with the launcher's sslmode and short timeouts.</summary>
internal static class PreflightDataSource
{
    private const int ConnectTimeoutSeconds = 5;
    private const int CommandTimeoutSeconds = 10;
    public const string ApplicationName = "promscale-launcher preflight";

    /// <param name="settings">The operator's URL, sslmode and TLS parameters: every connection of the launcher uses the same.</param>
    /// <param name="adjust">Changes for another use of the same connection settings (the maintenance pass: its own
    /// application_name, no pooling, no client-side timeout).</param>
    public static NpgsqlDataSource Create(LauncherSettings settings, Action<NpgsqlConnectionStringBuilder>? adjust = null)
    {
        var url = settings.DatabaseUrl;
        var builder = new NpgsqlConnectionStringBuilder
        {
            Username = url.User,
            Password = url.Password?.Reveal(),
            Database = url.Database,
            SslMode = ToNpgsql(settings.SslMode),
            Timeout = ConnectTimeoutSeconds,
            CommandTimeout = CommandTimeoutSeconds,
            // The container in the name: an operator (and the other containers' preflights) can tell whose it is.
            ApplicationName = ApplicationName + "/" + PromscaleSessionName.Printable(settings.Container),
            MaxPoolSize = 2,
            IncludeErrorDetail = false,
        };
        if (url.Hosts.Count == 1)
        {
            builder.Host = url.Hosts[0].Name;
            builder.Port = url.Hosts[0].Port;
        }
        else
        {
            builder.Host = string.Join(',', url.Hosts.Select(host => host.Authority));
        }
        // Each parameter's Npgsql equivalent, as UrlParameters decides; SettingsReader refused the others.
        foreach (var (name, value) in url.Parameters)
        {
            UrlParameters.Find(name).ApplyToPreflight?.Invoke(builder, value);
        }
        adjust?.Invoke(builder);

        // The slim builder keeps the AOT binary small; the preflight only needs scalar types and TLS.
        var dataSource = new NpgsqlSlimDataSourceBuilder(builder.ConnectionString);
        dataSource.EnableTransportSecurity();
        // ServerFactsReader reads only int4, text and bool (it casts the rest), which Npgsql knows without loading the
        // server's types from pg_type: that is the first connection's first query, 25-45 ms on loopback.
        dataSource.ConfigureTypeLoading(typeLoading => typeLoading.EnableTypeLoading(false));
        // allow, prefer and require do not verify the server: Npgsql's callback accepts any certificate. SslStream
        // still builds the chain first, and by default downloads a missing issuer from the certificate's AIA URL in
        // the middle of the handshake: a stall, or an outbound request, for a chain nobody looks at. verify-ca and
        // verify-full keep .NET's default policy, as Npgsql sets it.
        // No policy avoids the first chain build's load of the system trust store (/etc/ssl/certs, 55-100 ms):
        // dotnet/runtime's OpenSslX509ChainProcessor.InitiateChain loads it (OpenSslCachedSystemStoreProvider) before
        // it looks at the trust mode, and SslStream builds the chain whatever the callback will answer
        // (System.Net.Security's RemoteCertificateVerification.VerifyRemoteCertificate).
        if (builder.SslMode is Npgsql.SslMode.Allow or Npgsql.SslMode.Prefer or Npgsql.SslMode.Require)
        {
            dataSource.UseSslClientAuthenticationOptionsCallback(options => options.CertificateChainPolicy = new X509ChainPolicy
            {
                DisableCertificateDownloads = true,
                // What Npgsql sets for these modes (CertificateRevocationCheckMode), which a chain policy replaces.
                RevocationMode = X509RevocationMode.NoCheck,
            });
        }
        return dataSource.Build();
    }

    private static Npgsql.SslMode ToNpgsql(Configuration.SslMode mode) => mode switch
    {
        Configuration.SslMode.Disable => Npgsql.SslMode.Disable,
        Configuration.SslMode.Allow => Npgsql.SslMode.Allow,
        Configuration.SslMode.Prefer => Npgsql.SslMode.Prefer,
        Configuration.SslMode.Require => Npgsql.SslMode.Require,
        Configuration.SslMode.VerifyCa => Npgsql.SslMode.VerifyCA,
        _ => Npgsql.SslMode.VerifyFull,
    };
}
