using PromscaleLauncher.Configuration;
using PromscaleLauncher.Interop;

namespace PromscaleLauncher.Database;

/// <summary>
/// Keeps .NET from loading the system trust store for a TLS connection that verifies nothing. With sslmode
/// allow, prefer or require Npgsql accepts any server certificate, yet SslStream still builds the chain, and on
/// Linux the first chain build of a process reads every certificate of /etc/ssl/certs first: 55–85 ms of CPU,
/// a third of the launcher's start-up (docs/benchmarks.md, "Where the start-up goes"). The store's paths come from
/// the native getenv of SSL_CERT_FILE / SSL_CERT_DIR when it is first loaded, so pointing them at nothing before
/// the first connection leaves the store empty. verify-ca and verify-full keep the system store untouched.
/// </summary>
/// <remarks>
/// Only the launcher's own process is affected: Promscale and the version probe get the environment the
/// launcher builds for them from the one it started with (StartupEnvironment), never the native one. Only
/// `run` and `check` call this, whose only TLS connections are the database's, all with the same sslmode.
/// </remarks>
internal static class UnverifiedTlsTrustStore
{
    private const string Nothing = "/dev/null";

    public static void SkipLoadingWhenUnverified(SslMode sslMode)
    {
        if (!OperatingSystem.IsLinux() || sslMode is not (SslMode.Allow or SslMode.Prefer or SslMode.Require))
        {
            return;
        }
        // Before the preflight starts its threads' first TLS handshake: nothing reads these yet.
        _ = NativeMethods.setenv("SSL_CERT_FILE", Nothing, overwrite: 1);
        _ = NativeMethods.setenv("SSL_CERT_DIR", Nothing, overwrite: 1);
    }
}
