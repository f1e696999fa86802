namespace PromscaleLauncher;

/// <summary>
/// Every exit code the launcher itself chooses (README "Exit codes"). Codes 64–78 follow sysexits.h so that
/// an operator can look them up; 126/127 follow the shell and tini; 128+N means "killed by signal N".
/// </summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>EX_USAGE: unknown command or option on the launcher's own command line.</summary>
    public const int Usage = 64;

    /// <summary>EX_DATAERR: the database cannot run this Promscale (PostgreSQL/TimescaleDB/extension versions).</summary>
    public const int DatabaseIncompatible = 65;

    /// <summary>EX_NOINPUT: the database named in the URL does not exist (SQLSTATE 3D000).</summary>
    public const int DatabaseNotFound = 66;

    /// <summary>EX_UNAVAILABLE: the database stayed unreachable for PROMSCALE_LAUNCHER_DB_WAIT.</summary>
    public const int DatabaseUnavailable = 69;

    /// <summary>EX_SOFTWARE: a bug in the launcher.</summary>
    public const int InternalError = 70;

    /// <summary>EX_TEMPFAIL: try again later (a migration in progress elsewhere, no free connections now).</summary>
    public const int TemporaryFailure = 75;

    /// <summary>EX_TEMPFAIL as well: the watchdog restarted Promscale more than 3 times in 10 minutes; a new container may do better.</summary>
    public const int WatchdogRestartLimit = TemporaryFailure;

    /// <summary>EX_PROTOCOL: TLS was required but the server does not offer it, or the TLS handshake failed.</summary>
    public const int TlsUnavailable = 76;

    /// <summary>EX_NOPERM: authentication failed (28P01/28000) or the role lacks a privilege Promscale needs.</summary>
    public const int PermissionDenied = 77;

    /// <summary>EX_CONFIG: an environment variable is missing or invalid.</summary>
    public const int Configuration = 78;

    /// <summary>The Promscale binary exists but cannot be executed (as the shell and tini report it).</summary>
    public const int CannotExecute = 126;

    /// <summary>The Promscale binary was not found (as the shell and tini report it).</summary>
    public const int NotFound = 127;

    private const int SignalBase = 128;

    public static int FromSignal(int signal) => SignalBase + signal;
}
