namespace PromscaleLauncher.Configuration;

/// <summary>libpq's sslmode values, as pgx (Promscale) and Npgsql understand them.</summary>
internal enum SslMode
{
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

internal static class SslModeNames
{
    public const string Accepted = "disable, allow, prefer, require, verify-ca, verify-full";

    public static bool TryParse(string text, out SslMode mode)
    {
        switch (text)
        {
            case "disable": mode = SslMode.Disable; return true;
            case "allow": mode = SslMode.Allow; return true;
            case "prefer": mode = SslMode.Prefer; return true;
            case "require": mode = SslMode.Require; return true;
            case "verify-ca": mode = SslMode.VerifyCa; return true;
            case "verify-full": mode = SslMode.VerifyFull; return true;
            default: mode = SslMode.Prefer; return false;
        }
    }

    public static string ToUrlValue(this SslMode mode) => mode switch
    {
        SslMode.Disable => "disable",
        SslMode.Allow => "allow",
        SslMode.Prefer => "prefer",
        SslMode.Require => "require",
        SslMode.VerifyCa => "verify-ca",
        SslMode.VerifyFull => "verify-full",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    /// <summary>Whether a connection in this mode is guaranteed to be encrypted.</summary>
    public static bool AlwaysEncrypts(this SslMode mode) => mode >= SslMode.Require;
}
