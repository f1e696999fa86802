using System.Globalization;
using PromscaleLauncher.Promscale;
using Env = PromscaleLauncher.Configuration.EnvironmentVariableNames;

namespace PromscaleLauncher.Configuration;

/// <summary>
/// Reads and validates the whole environment at once, so that an operator sees every problem in one deploy
/// instead of one per crash-restart. An empty optional variable counts as unset, as in Promscale; an empty
/// required one is reported as empty, not as missing, since the fix differs (it is there, with no value).
/// Secrets with control characters are refused (README "Secrets"): a newline in a password would split the
/// line a child prints it on, and the redactor masks secrets line by line.
/// </summary>
internal sealed class SettingsReader(IReadOnlyDictionary<string, string> environment)
{
    private const int MaxDbWaitSeconds = 3600;
    private const int MaxStopTimeoutSeconds = 3600;
    private const int MaxWatchdogIntervalSeconds = 3600;
    private const int MaxWatchdogFailures = 100;

    private readonly List<ConfigurationProblem> _problems = [];
    private readonly List<ConfigurationNotice> _notices = [];

    public static SettingsReadResult Read(IReadOnlyDictionary<string, string> environment) =>
        new SettingsReader(environment).Read(requireWebAuth: true);

    /// <summary>
    /// The settings of a command that only reads the database and never starts Promscale (`export`): Promscale's
    /// basic auth is not needed there, so PROMSCALE_WEB_AUTH_* may be unset (an empty user and password stand in).
    /// </summary>
    public static SettingsReadResult ReadForDatabaseOnly(IReadOnlyDictionary<string, string> environment) =>
        new SettingsReader(environment).Read(requireWebAuth: false);

    private SettingsReadResult Read(bool requireWebAuth)
    {
        var allowInsecureDb = ReadBool(Env.AllowInsecureDb) ?? false;
        var (urlVariable, url, sslMode, maskedUrl) = ReadDatabaseUrl(allowInsecureDb);
        var (username, password) = requireWebAuth ? ReadWebAuth() : ("", new SecretString(""));
        var port = ReadPort();
        var connectionsMax = ReadPositiveInt(Env.ConnectionsMax, "the most connections Promscale may open", maximum: 100_000);
        var installExtensions = ReadBool(Env.InstallExtensions);
        var upgradeExtensions = ReadBool(Env.UpgradeExtensions);
        var (version, versionFromEnvironment) = ReadPromscaleVersion();
        var dbWait = ReadSeconds(Env.DbWait, LauncherSettings.DefaultDbWait, MaxDbWaitSeconds, allowZero: true);
        var stopTimeout = ReadSeconds(Env.StopTimeout, LauncherSettings.DefaultStopTimeout, MaxStopTimeoutSeconds, allowZero: false);
        var bootWindow = ReadSeconds(Env.BootWindow, LauncherSettings.DefaultBootWindow, MaxDbWaitSeconds, allowZero: false);
        var instancesSetting = ReadPositiveInt(Env.Instances, "how many containers run Promscale against this database", maximum: 1000);
        var instances = instancesSetting ?? 1;
        var deployOverlap = ReadBool(Env.DeployOverlap) ?? true;
        var container = Get(Env.Container) is { Length: > 0 } containerName ? containerName : Environment.MachineName;
        var headroom = ReadNonNegativeInt(Env.DbHeadroom, LauncherSettings.DefaultDbHeadroom);
        var preflightMode = ReadPreflightMode();
        var maintenance = ReadMaintenanceSchedule();
        var firstInstall = ReadFirstInstallMode();
        var watchdogInterval = ReadSeconds(Env.WatchdogInterval, LauncherSettings.DefaultWatchdogInterval, MaxWatchdogIntervalSeconds, allowZero: true);
        var watchdogFailures = ReadPositiveInt(Env.WatchdogFailures, "failed /healthz probes in a row before the watchdog acts", maximum: MaxWatchdogFailures)
            ?? LauncherSettings.DefaultWatchdogFailures;
        var logFormat = ReadLogFormat(environment, out var logFormatProblem);
        if (logFormatProblem is not null)
        {
            _problems.Add(logFormatProblem);
        }
        ReadRemovedPromscaleVariables();
        ReadConflictingDatabaseVariables();

        if (_problems.Count > 0 || url is null || username is null || password is null || version is null)
        {
            return new SettingsReadResult(null, _problems, _notices) { MaskedDatabaseUrl = maskedUrl, RequestedVersion = RequestedVersion(version) };
        }

        var settings = new LauncherSettings
        {
            DatabaseUrlVariable = urlVariable,
            GivenDatabaseUrl = url,
            SslMode = sslMode,
            WebAuthUsername = username,
            WebAuthPassword = password,
            Port = port,
            ConnectionsMax = connectionsMax,
            InstallExtensions = installExtensions,
            UpgradeExtensions = upgradeExtensions,
            PromscaleVersion = version,
            PromscaleVersionFromEnvironment = versionFromEnvironment,
            PromscaleBinary = Get(Env.PromscaleBinary),
            DbWait = dbWait,
            StopTimeout = stopTimeout,
            BootWindow = bootWindow,
            Instances = instances,
            InstancesSet = instancesSetting is not null,
            DeployOverlap = deployOverlap,
            Container = container,
            DbHeadroom = headroom,
            LogFormat = logFormat,
            AllowInsecureDb = allowInsecureDb,
            PreflightMode = preflightMode,
            Maintenance = maintenance,
            FirstInstall = firstInstall,
            WatchdogInterval = watchdogInterval,
            WatchdogFailures = watchdogFailures,
        };
        return new SettingsReadResult(settings, _problems, _notices) { MaskedDatabaseUrl = maskedUrl, RequestedVersion = RequestedVersion(version) };
    }

    /// <summary>
    /// Read on its own before anything else, so that even configuration errors are logged in the chosen format.
    /// </summary>
    public static LogFormat ReadLogFormat(IReadOnlyDictionary<string, string> environment, out ConfigurationProblem? problem)
    {
        problem = null;
        var value = environment.GetValueOrDefault(Env.LogFormat);
        switch (value)
        {
            case null or "" or "text":
                return Configuration.LogFormat.Text;
            case "json":
                return Configuration.LogFormat.Json;
            default:
                problem = new(Env.LogFormat, $"\"{Truncate(value)}\" is not a log format.",
                    $"set {Env.LogFormat} to text (readable, the default) or json (one CLEF object per line, for log drains).");
                return Configuration.LogFormat.Text;
        }
    }

    private PreflightMode ReadPreflightMode()
    {
        switch (Get(Env.Preflight))
        {
            case null or "enforce":
                return PreflightMode.Enforce;
            case "warn":
                _notices.Add(new(NoticeLevel.Warning, Env.Preflight,
                    "is warn: Promscale starts even when the preflight finds a blocking problem. Use it only when you know the launcher is wrong, and say so in an issue."));
                return PreflightMode.Warn;
            case var other:
                _problems.Add(new(Env.Preflight, $"\"{Truncate(other)}\" is not a preflight mode.",
                    $"set {Env.Preflight} to enforce (the default: a blocking problem stops the launch) or warn (log it and start Promscale anyway)."));
                return PreflightMode.Enforce;
        }
    }

    private MaintenanceSchedule ReadMaintenanceSchedule()
    {
        var text = Get(Env.MaintenanceInterval);
        if (text is null)
        {
            return MaintenanceSchedule.Auto;
        }
        if (!MaintenanceSchedule.TryParse(text, out var schedule))
        {
            _problems.Add(new(Env.MaintenanceInterval, $"\"{Truncate(text)}\" is not a maintenance interval.",
                $"set {Env.MaintenanceInterval} to a duration from 1s to 168h such as 30m (Promscale's own cadence) or 1h30m, to 0 or off to disable it, or unset it (on unless Promscale schedules its own job)."));
        }
        return schedule;
    }

    private FirstInstallMode ReadFirstInstallMode()
    {
        switch (Get(Env.FirstInstall))
        {
            case null or "auto":
                return FirstInstallMode.Auto;
            case "manual":
                return FirstInstallMode.Manual;
            case var other:
                _problems.Add(new(Env.FirstInstall, $"\"{Truncate(other)}\" is not a first-install mode.",
                    $"set {Env.FirstInstall} to auto (the default: on TimescaleDB 2.14 or later the launcher installs Promscale 0.10.0's schema before TimescaleDB) or manual (the launcher leaves the database alone; promscale-launcher check prints the steps)."));
                return FirstInstallMode.Auto;
        }
    }

    private string? Get(string name) =>
        environment.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    private bool IsSetButEmpty(string name) => environment.TryGetValue(name, out var value) && value.Length == 0;

    /// <summary>"is not set" or "is set but empty", for a required variable's problem.</summary>
    private string Missing(string name) => IsSetButEmpty(name) ? "is set but empty" : "is not set";

    /// <summary>Refuses a secret with a control character, naming only the kind of character.</summary>
    private bool RefuseControlCharacters(string variable, string what, string secret, string fix)
    {
        if (ControlCharacterNames.FindKind(secret) is not { } kind)
        {
            return false;
        }
        _problems.Add(new(variable, $"{what} contains {kind}, which would break the line it is printed on, so that it could not be masked in logs.", fix));
        return true;
    }

    private (string Variable, PostgresUrl? Url, SslMode SslMode, string? MaskedUrl) ReadDatabaseUrl(bool allowInsecureDb)
    {
        var variable = Env.ScalingoPostgresqlUrl;
        var text = Get(Env.ScalingoPostgresqlUrl);
        if (text is null && Get(Env.DatabaseUrl) is { } fallback)
        {
            variable = Env.DatabaseUrl;
            text = fallback;
        }
        if (text is null)
        {
            _problems.Add(new(Env.ScalingoPostgresqlUrl, $"{Missing(Env.ScalingoPostgresqlUrl)}, so the launcher does not know which database Promscale should use.",
                $"add a PostgreSQL addon (scalingo --app <app> addons-add postgresql <plan>), which sets it, or set {Env.ScalingoPostgresqlUrl}=postgresql://user:password@host:5432/database?sslmode=require."));
            return (variable, null, SslMode.Require, null);
        }
        if (!PostgresUrl.TryParse(text.Trim(), out var url, out var error))
        {
            _problems.Add(new(variable, $"\"{PostgresUrl.MaskUnparsed(text)}\" {error}",
                "use the form postgresql://user:password@host:port/database?sslmode=require, with special characters in the user and password percent-encoded (e.g. @ as %40)."));
            return (variable, null, SslMode.Require, null);
        }
        var urlProblems = _problems.Count;
        RefuseControlCharactersInDatabaseSecrets(variable, url);
        RefuseUrlWithoutDatabase(variable, url);
        ReadUrlParameters(variable, url);
        var sslMode = ReadSslMode(variable, url, allowInsecureDb);

        // The report names the database even when another variable fails; with the effective sslmode when it is valid.
        var masked = _problems.Count == urlProblems
            ? url.WithParameter("sslmode", sslMode.ToUrlValue()).ToMaskedString()
            : url.ToMaskedString();
        return (variable, url, sslMode, masked);
    }

    private void RefuseControlCharactersInDatabaseSecrets(string variable, PostgresUrl url)
    {
        var role = url.User is null ? "<user>" : "\"" + url.User.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var fix = "give the database user a new password without control characters: on Scalingo, the dashboard's database page → Reset password (the addon then updates the URL); "
                  + $"elsewhere ALTER ROLE {role} PASSWORD '<new password>'; and put it, percent-encoded, in the URL.";
        if (url.Password is { } password)
        {
            RefuseControlCharacters(variable, "the password in the URL (percent-decoded)", password.Reveal(), fix);
        }
        // password= and sslpassword= in the query are refused by UrlParameters (value masked): one problem is enough.
    }

    private void RefuseUrlWithoutDatabase(string variable, PostgresUrl url)
    {
        if (url.Database.Length == 0)
        {
            // libpq and pgx would fall back to the database named like the user, and fail with "does not exist".
            _problems.Add(new(variable, $"\"{Printable(url.ToMaskedString())}\" names no database, so Promscale would connect to the database named like the user ({Printable(url.User ?? "none")}).",
                $"add the database name as the URL's path: {url.Scheme}://user:password@host:port/<dbname> (on Scalingo, the addon's URL has it: use it unchanged)."));
        }
    }

    /// <summary>Every query parameter against <see cref="UrlParameters"/>: accepted, or one problem naming it.</summary>
    private void ReadUrlParameters(string variable, PostgresUrl url)
    {
        foreach (var (name, value) in url.Parameters)
        {
            var rule = UrlParameters.Find(name);
            var shown = $"{Printable(name)}={(rule.IsSecret ? SecretString.Mask : Printable(Truncate(value)))}";
            if (rule.Check(value) is { } refusal)
            {
                _problems.Add(new(variable, $"has {shown}, which {refusal.Why}.", refusal.Fix + ".") { Parameter = name });
            }
            else if (rule.Handling == UrlParameterHandling.RemovedForPromscale)
            {
                _notices.Add(new(NoticeLevel.Information, variable,
                    $"has {shown}, which the launcher applies to the preflight only: Promscale's driver (pgx) would send it to the server as a setting, and without it pgx behaves the same."));
            }
        }
        // pgx refuses one without the other (pgconn configTLS: "both 'sslcert' and 'sslkey' are required").
        var hasCertificate = url.GetParameter("sslcert") is not null;
        var (given, missing) = hasCertificate ? ("sslcert", "sslkey") : ("sslkey", "sslcert");
        if (hasCertificate != (url.GetParameter("sslkey") is not null) && !_problems.Any(problem => problem.Parameter == given))
        {
            _problems.Add(new(variable, $"has {given} without {missing}: Promscale's driver (pgx) needs both for a client certificate.",
                $"add {missing}=<absolute path> to the URL, or remove {given}.")
            { Parameter = given });
        }
    }

    /// <summary>A problem is one line: control characters from a value are shown as '?'.</summary>
    private static string Printable(string text) =>
        text.Any(char.IsControl) ? new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray()) : text;

    private SslMode ReadSslMode(string variable, PostgresUrl url, bool allowInsecureDb)
    {
        var given = url.GetParameter("sslmode");
        if (given is null && allowInsecureDb)
        {
            return SslMode.Prefer;
        }
        if (given is null)
        {
            _notices.Add(new(NoticeLevel.Warning, variable,
                "sets no sslmode; the launcher and Promscale connect with sslmode=require, so the connection is always encrypted."));
            return SslMode.Require;
        }
        if (!SslModeNames.TryParse(given, out var mode))
        {
            _problems.Add(new(variable, $"has sslmode=\"{Truncate(given)}\", which is not an sslmode.",
                $"use one of {SslModeNames.Accepted} (require is right for Scalingo).")
            { Parameter = "sslmode" });
            return SslMode.Require;
        }
        if (allowInsecureDb)
        {
            if (!mode.AlwaysEncrypts())
            {
                _notices.Add(new(NoticeLevel.Warning, Env.AllowInsecureDb,
                    $"is true: connecting with sslmode={given} as given, so the database connection may not be encrypted. Use this only for a local database."));
            }
            return mode;
        }
        switch (mode)
        {
            case SslMode.Disable:
                _problems.Add(new(variable, "has sslmode=disable: Promscale would send the database password and all metrics unencrypted.",
                    $"remove sslmode=disable from the URL (the launcher then uses require), or for a local database without TLS set {Env.AllowInsecureDb}=true.")
                { Parameter = "sslmode" });
                return mode;
            case SslMode.Allow or SslMode.Prefer:
                // Scalingo's shared plans hand out sslmode=prefer, which silently falls back to plain text.
                _notices.Add(new(NoticeLevel.Warning, variable,
                    $"has sslmode={given}, which falls back to an unencrypted connection; the launcher and Promscale use sslmode=require instead."));
                return SslMode.Require;
            default:
                return mode;
        }
    }

    private (string? Username, SecretString? Password) ReadWebAuth()
    {
        var username = Get(Env.WebAuthUsername);
        var password = Get(Env.WebAuthPassword);
        if (username is null)
        {
            _problems.Add(new(Env.WebAuthUsername, $"{Missing(Env.WebAuthUsername)}; basic authentication is mandatory, since Promscale's endpoints are reachable from the internet.",
                $"scalingo --app <app> env-set {Env.WebAuthUsername}=<user name>"));
        }
        if (password is null)
        {
            _problems.Add(new(Env.WebAuthPassword, $"{Missing(Env.WebAuthPassword)}; basic authentication is mandatory, since Promscale's endpoints are reachable from the internet.",
                $"scalingo --app <app> env-set {Env.WebAuthPassword}=\"$(openssl rand -hex 24)\""));
        }
        else if (RefuseControlCharacters(Env.WebAuthPassword, "the password", password,
            $"choose a password without control characters, e.g. scalingo --app <app> env-set {Env.WebAuthPassword}=\"$(openssl rand -hex 24)\""))
        {
            password = null;
        }
        return (username, password is null ? null : new SecretString(password));
    }

    private int ReadPort()
    {
        var text = Get(Env.Port);
        if (text is null)
        {
            _notices.Add(new(NoticeLevel.Information, Env.Port,
                $"is not set (it is only set for web containers on Scalingo); Promscale listens on the default port {LauncherSettings.DefaultPort}."));
            return LauncherSettings.DefaultPort;
        }
        if (!TryParseInt(text, out var port) || port is < 1 or > 65535)
        {
            _problems.Add(new(Env.Port, $"\"{Truncate(text)}\" is not a TCP port.",
                $"set {Env.Port} to a number from 1 to 65535, or unset it to use {LauncherSettings.DefaultPort} (Scalingo sets it for web containers)."));
        }
        return port;
    }

    private int? ReadPositiveInt(string name, string meaning, int maximum)
    {
        var text = Get(name);
        if (text is null)
        {
            return null;
        }
        if (!TryParseInt(text, out var value) || value < 1 || value > maximum)
        {
            _problems.Add(new(name, $"\"{Truncate(text)}\" is not a whole number from 1 to {maximum} ({meaning}).",
                $"set {name} to a whole number such as 10, or unset it."));
            return null;
        }
        return value;
    }

    private int ReadNonNegativeInt(string name, int defaultValue)
    {
        var text = Get(name);
        if (text is null)
        {
            return defaultValue;
        }
        if (!TryParseInt(text, out var value) || value is < 0 or > 10_000)
        {
            _problems.Add(new(name, $"\"{Truncate(text)}\" is not a whole number from 0 to 10000.",
                $"set {name} to a whole number of connections such as {defaultValue} (the default), or unset it."));
            return defaultValue;
        }
        return value;
    }

    private TimeSpan ReadSeconds(string name, TimeSpan defaultValue, int maximum, bool allowZero)
    {
        var text = Get(name);
        if (text is null)
        {
            return defaultValue;
        }
        var trimmed = text.EndsWith('s') ? text[..^1] : text;
        if (!TryParseInt(trimmed, out var seconds) || seconds > maximum || seconds < (allowZero ? 0 : 1))
        {
            _problems.Add(new(name, $"\"{Truncate(text)}\" is not a number of seconds from {(allowZero ? 0 : 1)} to {maximum}.",
                $"set {name} to whole seconds such as {(int)defaultValue.TotalSeconds} (the default), or unset it."));
            return defaultValue;
        }
        return TimeSpan.FromSeconds(seconds);
    }

    private bool? ReadBool(string name)
    {
        var text = Get(name);
        if (text is null)
        {
            return null;
        }
        if (!GoBool.TryParse(text, out var value))
        {
            _problems.Add(new(name, $"\"{Truncate(text)}\" is not a boolean.",
                $"set {name} to true or false (Promscale also accepts {GoBool.Spellings})."));
            return null;
        }
        return value;
    }

    /// <summary>The version to name in reports even when PROMSCALE_VERSION was refused: what it says if it parses, else 0.10.0.</summary>
    private PromscaleVersion RequestedVersion(PromscaleVersion? version) =>
        version ?? (Promscale.PromscaleVersion.TryParse(Get(Env.PromscaleVersion), out var parsed) ? parsed : Promscale.PromscaleVersion.V0_10_0);

    private (PromscaleVersion? Version, bool FromEnvironment) ReadPromscaleVersion()
    {
        var text = Get(Env.PromscaleVersion);
        if (text is null)
        {
            return (Promscale.PromscaleVersion.V0_10_0, false);
        }
        var releases = string.Join(", ", Promscale.PromscaleVersion.Releases);
        if (!Promscale.PromscaleVersion.TryParse(text, out var version))
        {
            _problems.Add(new(Env.PromscaleVersion, $"\"{Truncate(text)}\" is not a Promscale version (tags have no 'v', e.g. 0.10.0).",
                $"set {Env.PromscaleVersion} to one of {releases}; on Scalingo only 0.10.0 can run."));
            return (null, true);
        }
        if (!version.IsRelease)
        {
            var why = version < Promscale.PromscaleVersion.OldestSupported
                ? "predates 0.10.0, whose flag names the launcher uses"
                : "is not a Promscale release (Promscale was discontinued in 2023; 0.17.0 is the last)";
            _problems.Add(new(Env.PromscaleVersion, $"{version} {why}.", $"set {Env.PromscaleVersion} to one of {releases}; on Scalingo only 0.10.0 can run."));
            return (null, true);
        }
        return (version, true);
    }

    private void ReadRemovedPromscaleVariables()
    {
        foreach (var (removed, replacement) in RemovedPromscaleVariables.Replacements.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (Get(removed) is not null)
            {
                _problems.Add(new(removed, "is a removed Promscale variable: Promscale 0.11 and later refuse to start while it is set.",
                    $"rename it to {replacement} (which Promscale reads from 0.10.0 on): scalingo --app <app> env-unset {removed} && scalingo --app <app> env-set {replacement}=<value>."));
            }
        }
        if (Get(RemovedPromscaleVariables.Migrate) is not null)
        {
            _problems.Add(new(RemovedPromscaleVariables.Migrate, "is a removed Promscale variable: Promscale 0.11 and later refuse to start while it is set.",
                "unset it; use PROMSCALE_STARTUP_SKIP_MIGRATE=true instead of false, or PROMSCALE_STARTUP_ONLY=true instead of only."));
        }
    }

    /// <summary>
    /// Promscale refuses db.* flags next to a db.uri (docs/promscale.md §2.1), and the launcher always hands it a URI
    /// built from the addon's URL, so these would stop Promscale at start.
    /// </summary>
    private void ReadConflictingDatabaseVariables()
    {
        string[] conflicting =
        [
            "PROMSCALE_DB_URI", "PROMSCALE_DB_HOST", "PROMSCALE_DB_PORT", "PROMSCALE_DB_USER", "PROMSCALE_DB_PASSWORD",
            "PROMSCALE_DB_NAME", "PROMSCALE_DB_SSL_MODE", "PROMSCALE_DB_CONNECTION_TIMEOUT", "PROMSCALE_DB_APP",
        ];
        foreach (var name in conflicting)
        {
            if (Get(name) is not null)
            {
                _problems.Add(new(name, $"is set, but the launcher gives Promscale its database as a URI built from {Env.ScalingoPostgresqlUrl}, and Promscale refuses both together.",
                    $"unset {name} (scalingo --app <app> env-unset {name}); put connection parameters in {Env.ScalingoPostgresqlUrl} instead."));
            }
        }
    }

    private static bool TryParseInt(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
