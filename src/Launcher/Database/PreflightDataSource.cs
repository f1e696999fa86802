using Npgsql;
using PromscaleLauncher.Configuration;

namespace PromscaleLauncher.Database;

/// <summary>The preflight's one NpgsqlDataSource: the operator's URL with the launcher's sslmode and short timeouts.</summary>
internal static class PreflightDataSource
{
    private const int ConnectTimeoutSeconds = 5;
    private const int CommandTimeoutSeconds = 10;
    public const string ApplicationName = "promscale-launcher preflight";

    public static NpgsqlDataSource Create(LauncherSettings settings)
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
            ApplicationName = ApplicationName,
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
        if (url.GetParameter("sslrootcert") is { } rootCertificate)
        {
            builder.RootCertificate = rootCertificate;
        }
        if (url.GetParameter("sslcert") is { } certificate)
        {
            builder.SslCertificate = certificate;
        }
        if (url.GetParameter("sslkey") is { } key)
        {
            builder.SslKey = key;
        }
        if (url.GetParameter("target_session_attrs") is { } targetSessionAttributes)
        {
            builder.TargetSessionAttributes = targetSessionAttributes;
        }

        // The slim builder keeps the AOT binary small; the preflight only needs scalar types and TLS.
        var dataSource = new NpgsqlSlimDataSourceBuilder(builder.ConnectionString);
        dataSource.EnableTransportSecurity();
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
