using PromscaleLauncher.FakePromscale.Logging;
using PromscaleLauncher.FakePromscale.Versions;

namespace PromscaleLauncher.FakePromscale.Flags;

/// <summary>
/// <c>runner.ParseFlags</c>: removed names (0.11+), environment, command line, config file, validation, in that
/// order, so precedence is command line &gt; environment &gt; file &gt; default (contract §1.2–§1.5, §2.3).
/// </summary>
internal sealed class PromscaleConfigurationParser(PromscaleVersion version, string programName, Func<string, string?> environment, PromscaleLogger bootstrapLog)
{
    private const string DeprecatedCaller = "flags.go:183";
    private const string DbFlagsExclusiveError = "failed to build DB credentials with provided flags. Please use either db flags or db-uri not both";

    public PromscaleSettings Parse(IReadOnlyList<string> args)
    {
        var fs = PromscaleFlagCatalog.Build(version, programName, StandardStreams.WriteError);
        if (version.RejectsRemovedNames)
        {
            RemovedNameChecks.CheckEnvironment(environment, bootstrapLog);
        }

        ApplyEnvironment(fs);
        ParseCommandLine(fs, args);
        ApplyConfigFile(fs);
        if (version.IsLegacy)
        {
            WarnAboutDeprecatedNames(fs);
        }

        return Validate(fs);
    }

    /// <summary><c>util.ParseEnv</c>: every flag, sorted, set from its non-empty env var.</summary>
    private void ApplyEnvironment(GoFlagSet fs)
    {
        foreach (var flag in fs.All.ToList())
        {
            var variable = EnvironmentVariableName.For(flag.Name);
            var value = environment(variable);
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            var error = fs.Set(flag.Name, value);
            if (error is not null)
            {
                throw new ConfigurationException($"error parsing env variables: error setting flag {GoSyntax.Quote(flag.Name)} from env variable {GoSyntax.Quote(variable)}: {error}");
            }
        }
    }

    private void ParseCommandLine(GoFlagSet fs, IReadOnlyList<string> args)
    {
        try
        {
            fs.Parse(args);
        }
        catch (GoFlagParseException ex)
        {
            if (version.RejectsRemovedNames)
            {
                var removed = RemovedNameChecks.RemovedFlagsOnCommandLine(args);
                if (removed.Count > 0)
                {
                    foreach (var (oldName, newName) in removed)
                    {
                        RemovedNameChecks.WarnRemovedFlag(oldName, newName, bootstrapLog);
                    }

                    throw new ConfigurationException(RemovedNameChecks.RemovedFlagsError);
                }

                // The alias flag set re-parses the same arguments and prints its own error and usage.
                try
                {
                    PromscaleFlagCatalog.BuildRemovedNamesSet(programName, StandardStreams.WriteError).Parse(args);
                }
                catch (GoFlagParseException)
                {
                }
            }

            throw new ConfigurationException($"{version.ParseErrorPrefix}error parsing commandline args: {ex.Message}");
        }
    }

    private void ApplyConfigFile(GoFlagSet fs)
    {
        var path = fs.GetString(FlagNames.Config);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // A missing file is ignored (ff.WithAllowMissingConfigFile / viper PathError), contract §1.3.
            return;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{version.ParseErrorPrefix}couldn't load config file {path}: {ex.Message}");
        }

        IReadOnlyList<ConfigFileEntry> entries;
        try
        {
            entries = YamlConfigReader.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new ConfigurationException($"{version.ParseErrorPrefix}couldn't load config file {path}: While parsing config: {ex.Message}");
        }

        foreach (var entry in entries)
        {
            var key = entry.FromNestedMapping && !version.AcceptsNestedConfigFile ? entry.Key.Split('.')[0] : entry.Key;
            var isDatasetSubtree = version.AcceptsNestedConfigFile && key.StartsWith("startup.dataset", StringComparison.Ordinal) && key != "startup.dataset.config";
            if (!fs.Contains(key) && !isDatasetSubtree)
            {
                FailOnRemovedConfigNames(entries);
                throw new ConfigurationException($"{version.ParseErrorPrefix}config file flag {GoSyntax.Quote(key)} not defined in flag set");
            }
        }

        var alreadySet = fs.Visited.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in entries.Where(e => fs.Contains(e.Key) && !alreadySet.Contains(e.Key)))
        {
            foreach (var value in entry.Values)
            {
                var error = fs.Set(entry.Key, value);
                if (error is null)
                {
                    continue;
                }

                throw new ConfigurationException(version.AcceptsNestedConfigFile
                    ? $"{version.ParseErrorPrefix}Couldn't apply the configuration from file {path}: {error}"
                    : $"{version.ParseErrorPrefix}error setting flag {GoSyntax.Quote(entry.Key)} from config file: {error}");
            }
        }
    }

    private void FailOnRemovedConfigNames(IReadOnlyList<ConfigFileEntry> entries)
    {
        if (!version.RejectsRemovedNames)
        {
            return;
        }

        var removed = entries.Where(e => RemovedFlagNames.ByOldName.ContainsKey(e.Key) || e.Key == FlagNames.Migrate).ToList();
        if (removed.Count == 0)
        {
            return;
        }

        foreach (var entry in removed)
        {
            RemovedNameChecks.WarnRemovedFlag(entry.Key, entry.Key == FlagNames.Migrate ? entry.Values.LastOrDefault() ?? string.Empty : RemovedFlagNames.ByOldName[entry.Key], bootstrapLog);
        }

        throw new ConfigurationException(RemovedNameChecks.RemovedConfigError);
    }

    /// <summary>0.10 warns for every old alias that got set, env vars included (issue #1114, contract §1.6).</summary>
    private void WarnAboutDeprecatedNames(GoFlagSet fs)
    {
        var used = fs.Visited.Where(f => RemovedFlagNames.ByOldName.ContainsKey(f.Name)).ToList();
        if (used.Count > 0)
        {
            bootstrapLog.Warn(DeprecatedCaller, ("msg", "Using deprecated flags that will be dropped in a future version. Please update to new flag names."));
            foreach (var flag in used)
            {
                bootstrapLog.Warn(DeprecatedCaller, ("msg", $"Update deprecated flag {flag.Name} to new flag {RemovedFlagNames.ByOldName[flag.Name]}"));
            }
        }

        switch (fs.GetString(FlagNames.Migrate))
        {
            case "false":
                bootstrapLog.Warn(DeprecatedCaller, ("msg", "Using deprecated flag `migrate` set to `false` which will be dropped in a future version. Please update you configuration by using `startup.skip-migrate` flag."));
                break;
            case "only":
                bootstrapLog.Warn(DeprecatedCaller, ("msg", "Using deprecated flag `migrate` set to `only` which will be dropped in a future version. Please update you configuration by using `startup.only` flag."));
                break;
        }
    }

    private PromscaleSettings Validate(GoFlagSet fs)
    {
        var certFile = fs.GetString(FlagNames.AuthTlsCertFile);
        var keyFile = fs.GetString(FlagNames.AuthTlsKeyFile);
        if ((certFile.Length > 0) != (keyFile.Length > 0))
        {
            throw new ConfigurationException("both TLS Ceriticate File and TLS Key File need to be provided for a valid TLS configuration");
        }

        string password;
        string token;
        try
        {
            (password, token) = AuthSettingsValidator.Validate(
                fs.GetString(FlagNames.WebAuthUsername),
                fs.GetString(FlagNames.WebAuthPassword),
                fs.GetString(FlagNames.WebAuthPasswordFile),
                fs.GetString(FlagNames.WebAuthBearerToken),
                fs.GetString(FlagNames.WebAuthBearerTokenFile));
        }
        catch (ConfigurationException ex)
        {
            throw new ConfigurationException($"validate config: {version.AuthValidationContext}: {ex.Message}");
        }

        // pgclient.Validate: db.uri excludes every connection flag left at a non-default value (contract §2.1).
        var dbFlags = new[] { FlagNames.DbApp, FlagNames.DbName, FlagNames.DbHost, FlagNames.DbPort, FlagNames.DbUser, FlagNames.DbPassword, FlagNames.DbSslMode, FlagNames.DbConnectionTimeout };
        if (fs.GetString(FlagNames.DbUri).Length > 0 && dbFlags.Any(name => fs.GetString(name) != fs.Lookup(name).DefaultText))
        {
            throw new ConfigurationException($"validate config: error validating client configuration: {DbFlagsExclusiveError}");
        }

        var migrate = true;
        var startupOnly = fs.GetBool(FlagNames.StartupOnly);
        if (version.IsLegacy)
        {
            switch (fs.GetString(FlagNames.Migrate).ToLowerInvariant())
            {
                case "true":
                    break;
                case "false":
                    migrate = false;
                    break;
                case "only":
                    startupOnly = true;
                    break;
                default:
                    throw new ConfigurationException($"Invalid option for migrate: {fs.GetString(FlagNames.Migrate)}. Valid options are [true, false, only]");
            }
        }

        if (fs.GetBool(FlagNames.StartupSkipMigrate))
        {
            migrate = false;
        }

        var readOnly = fs.GetBool(FlagNames.DbReadOnly);
        var useLease = fs.GetBool(FlagNames.StartupUseSchemaVersionLease);
        var install = fs.GetBool(FlagNames.StartupInstallExtensions);
        var upgrade = fs.GetBool(FlagNames.StartupUpgradeExtensions);
        var highAvailability = fs.GetBool(FlagNames.HighAvailability);
        if (readOnly)
        {
            // The guards test the old names, so in 0.11+ they never fire (contract §9).
            if ((fs.IsSet(FlagNames.Migrate) && migrate) || (fs.IsSet("use-schema-version-lease") && useLease))
            {
                throw new ConfigurationException("Migration flags not supported in read-only mode");
            }

            if (fs.IsSet("install-extensions") && install)
            {
                throw new ConfigurationException("Cannot install or update TimescaleDB extension in read-only mode");
            }

            if (!version.IsLegacy && fs.IsSet(FlagNames.HighAvailability) && highAvailability)
            {
                throw new ConfigurationException("cannot run Promscale in both HA and read-only mode");
            }

            (migrate, startupOnly, useLease, install, upgrade) = (false, false, false, false, false);
        }

        return new PromscaleSettings
        {
            DbUri = fs.GetString(FlagNames.DbUri),
            DbHost = fs.GetString(FlagNames.DbHost),
            DbPort = (int)fs.GetInt(FlagNames.DbPort),
            DbUser = fs.GetString(FlagNames.DbUser),
            DbPassword = fs.GetString(FlagNames.DbPassword),
            DbName = fs.GetString(FlagNames.DbName),
            DbSslMode = fs.GetString(FlagNames.DbSslMode),
            DbConnectionTimeout = fs.GetDuration(FlagNames.DbConnectionTimeout),
            DbApp = fs.GetString(FlagNames.DbApp),
            StatementsCache = fs.GetBool(FlagNames.DbStatementsCache),
            ReadOnly = readOnly,
            ConnectionsMax = (int)fs.GetInt(FlagNames.DbConnectionsMax),
            WriterConnectionsSetting = (int)fs.GetInt(fs.Contains(FlagNames.DbNumWriters) ? FlagNames.DbNumWriters : FlagNames.DbNumWriterConnections),
            WriterPoolSize = fs.Contains(FlagNames.DbWriterPoolSize) ? (int)fs.GetInt(FlagNames.DbWriterPoolSize) : 0,
            ReaderPoolSize = fs.Contains(FlagNames.DbReaderPoolSize) ? (int)fs.GetInt(FlagNames.DbReaderPoolSize) : 0,
            MaintPoolSize = fs.Contains(FlagNames.DbMaintPoolSize) ? (int)fs.GetInt(FlagNames.DbMaintPoolSize) : 0,
            ListenAddress = fs.GetString(FlagNames.WebListenAddress),
            TelemetryPath = fs.GetString(FlagNames.WebTelemetryPath),
            AuthUsername = fs.GetString(FlagNames.WebAuthUsername),
            AuthPassword = password,
            AuthPasswordFile = fs.GetString(FlagNames.WebAuthPasswordFile),
            BearerToken = token,
            BearerTokenFile = fs.GetString(FlagNames.WebAuthBearerTokenFile),
            AuthIgnorePaths = fs.Contains(FlagNames.WebAuthIgnorePath) ? fs.GetList(FlagNames.WebAuthIgnorePath).ToList() : [],
            TlsCertFile = certFile,
            TlsKeyFile = keyFile,
            LogLevel = fs.GetString(FlagNames.LogLevel),
            LogFormat = fs.GetString(FlagNames.LogFormat),
            StartupOnly = startupOnly,
            Migrate = migrate,
            UseSchemaVersionLease = useLease,
            InstallExtensions = install,
            UpgradeExtensions = upgrade,
            UpgradePrereleaseExtensions = fs.GetBool(FlagNames.StartupUpgradePrereleaseExtensions),
            HighAvailability = highAvailability,
            GrpcListenAddress = fs.GetString(fs.Contains(FlagNames.TracingGrpcServerAddress) ? FlagNames.TracingGrpcServerAddress : FlagNames.TracingOtlpServerAddress),
            StreamingSpanWriter = !fs.Contains(FlagNames.TracingStreamingSpanWriter) || fs.GetBool(FlagNames.TracingStreamingSpanWriter),
            VacuumDisabled = !fs.Contains(FlagNames.VacuumDisable) || fs.GetBool(FlagNames.VacuumDisable),
            VacuumParallelism = fs.Contains(FlagNames.VacuumParallelism) ? (int)fs.GetInt(FlagNames.VacuumParallelism) : 0,
            ConfigFile = fs.GetString(FlagNames.Config),
            ThroughputInterval = fs.GetDuration(FlagNames.ThroughputInterval),
            EnableAdminApi = fs.GetBool(FlagNames.WebEnableAdminApi),
        };
    }
}
