using PromscaleLauncher.FakePromscale.Logging;
using PromscaleLauncher.FakePromscale.Versions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PromscaleLauncher.FakePromscale.Flags;

/// <summary>
/// <c>runner.ParseFlags</c>: environment, command line, config file, validation, in that order, so precedence is
/// command line &gt; environment &gt; file &gt; default (docs/promscale.md §1.2–§1.5, §2.3).
/// </summary>
internal sealed class PromscaleConfigurationParser(PromscaleVersion version, string programName, Func<string, string?> environment, PromscaleLogger bootstrapLog)
{
    private const string DeprecatedCaller = "flags.go:183";
    private const string DbFlagsExclusiveError = "failed to build DB credentials with provided flags. Please use either db flags or db-uri not both";

    public PromscaleSettings Parse(IReadOnlyList<string> args)
    {
        var fs = PromscaleFlagCatalog.Build(version, programName, StandardStreams.WriteError);
        ApplyEnvironment(fs);
        try
        {
            fs.Parse(args);
        }
        catch (GoFlagParseException ex)
        {
            throw new ConfigurationException($"{version.ParseErrorPrefix}error parsing commandline args: {ex.Message}");
        }

        ApplyConfigFile(fs);
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

    /// <summary>
    /// <c>config.yml</c> (or <c>-config</c>) if present: a key of an undefined flag is fatal; a value only applies to a
    /// flag not set yet. 0.10 (ff) reads top-level keys only, 0.17 (viper) also nested mappings as dotted keys.
    /// </summary>
    private void ApplyConfigFile(GoFlagSet fs)
    {
        var path = fs.GetString(FlagNames.Config);
        var prefix = $"{version.ParseErrorPrefix}couldn't load config file {path}: ";
        List<(string Key, List<string> Values)> entries = [];
        try
        {
            using var reader = new StreamReader(path);
            var yaml = new YamlStream();
            yaml.Load(reader);
            if (yaml.Documents.Count > 0 && yaml.Documents[0].RootNode is YamlMappingNode root)
            {
                Flatten(root, string.Empty, entries);
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // A missing file is ignored (ff.WithAllowMissingConfigFile / viper PathError), docs/promscale.md §1.3.
            return;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException(prefix + ex.Message);
        }
        catch (YamlException ex)
        {
            throw new ConfigurationException($"{prefix}While parsing config: yaml: {ex.Message}");
        }

        foreach (var (key, _) in entries.Where(entry => !fs.Contains(entry.Key)))
        {
            throw new ConfigurationException($"{version.ParseErrorPrefix}config file flag {GoSyntax.Quote(key)} not defined in flag set");
        }

        var alreadySet = fs.Visited.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, values) in entries.Where(entry => !alreadySet.Contains(entry.Key)))
        {
            foreach (var error in values.Select(value => fs.Set(key, value)).OfType<string>())
            {
                throw new ConfigurationException(version.IsLegacy
                    ? $"{version.ParseErrorPrefix}error setting flag {GoSyntax.Quote(key)} from config file: {error}"
                    : $"{version.ParseErrorPrefix}Couldn't apply the configuration from file {path}: {error}");
            }
        }
    }

    private void Flatten(YamlMappingNode mapping, string prefix, List<(string Key, List<string> Values)> entries)
    {
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = prefix + ((YamlScalarNode)keyNode).Value;
            switch (value)
            {
                case YamlMappingNode nested when version.IsLegacy:
                    // ff sees the top-level key with a map value: not a flag name.
                    entries.Add((key, []));
                    break;
                case YamlMappingNode nested:
                    Flatten(nested, key + ".", entries);
                    break;
                case YamlSequenceNode sequence:
                    entries.Add((key, sequence.Children.OfType<YamlScalarNode>().Select(item => item.Value ?? string.Empty).ToList()));
                    break;
                case YamlScalarNode scalar:
                    entries.Add((key, [scalar.Value ?? string.Empty]));
                    break;
            }
        }
    }

    private PromscaleSettings Validate(GoFlagSet fs)
    {
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
            throw new ConfigurationException($"validate config: {(version.IsLegacy ? "error validating API configuration" : "error validating Auth configuration")}: {ex.Message}");
        }

        // pgclient.Validate: db.uri excludes every connection flag left at a non-default value (docs/promscale.md §2.1).
        var dbFlags = new[] { FlagNames.DbApp, FlagNames.DbName, FlagNames.DbHost, FlagNames.DbPort, FlagNames.DbUser, FlagNames.DbPassword, FlagNames.DbSslMode, FlagNames.DbConnectionTimeout };
        if (fs.GetString(FlagNames.DbUri).Length > 0 && dbFlags.Any(name => fs.GetString(name) != fs.Lookup(name).DefaultText))
        {
            throw new ConfigurationException($"validate config: error validating client configuration: {DbFlagsExclusiveError}");
        }

        var migrate = !fs.GetBool(FlagNames.StartupSkipMigrate);
        var startupOnly = fs.GetBool(FlagNames.StartupOnly);

        // 0.11+: startup.only stops after the migration. 0.10: only -migrate=only does; -startup.only runs the whole
        // start-up, checks included, and exits before serving (pkg/runner/flags.go@0.10.0, docs/promscale.md §10.1).
        var stopAfterMigrate = !version.IsLegacy && startupOnly;
        if (version.IsLegacy)
        {
            switch (fs.GetString(FlagNames.Migrate).ToLowerInvariant())
            {
                case "true":
                    break;
                case "false":
                    bootstrapLog.Warn(DeprecatedCaller, ("msg", "Using deprecated flag `migrate` set to `false` which will be dropped in a future version. Please update you configuration by using `startup.skip-migrate` flag."));
                    migrate = false;
                    break;
                case "only":
                    bootstrapLog.Warn(DeprecatedCaller, ("msg", "Using deprecated flag `migrate` set to `only` which will be dropped in a future version. Please update you configuration by using `startup.only` flag."));
                    stopAfterMigrate = true;
                    break;
                default:
                    throw new ConfigurationException($"Invalid option for migrate: {fs.GetString(FlagNames.Migrate)}. Valid options are [true, false, only]");
            }
        }

        int Int(string name, int otherwise = 0) => fs.Contains(name) ? (int)fs.GetInt(name) : otherwise;
        return new PromscaleSettings
        {
            DbUri = fs.GetString(FlagNames.DbUri),
            DbHost = fs.GetString(FlagNames.DbHost),
            DbPort = Int(FlagNames.DbPort),
            DbUser = fs.GetString(FlagNames.DbUser),
            DbPassword = fs.GetString(FlagNames.DbPassword),
            DbName = fs.GetString(FlagNames.DbName),
            DbSslMode = fs.GetString(FlagNames.DbSslMode),
            DbConnectionTimeout = fs.GetDuration(FlagNames.DbConnectionTimeout),
            DbApp = fs.GetString(FlagNames.DbApp),
            ConnectionsMax = Int(FlagNames.DbConnectionsMax),
            WriterConnectionsSetting = Int(version.IsLegacy ? FlagNames.DbNumWriterConnections : FlagNames.DbNumWriters),
            WriterPoolSize = Int(FlagNames.DbWriterPoolSize),
            ReaderPoolSize = Int(FlagNames.DbReaderPoolSize),
            MaintPoolSize = Int(FlagNames.DbMaintPoolSize),
            ListenAddress = fs.GetString(FlagNames.WebListenAddress),
            AuthUsername = fs.GetString(FlagNames.WebAuthUsername),
            AuthPassword = password,
            AuthPasswordFile = fs.GetString(FlagNames.WebAuthPasswordFile),
            BearerToken = token,
            BearerTokenFile = fs.GetString(FlagNames.WebAuthBearerTokenFile),
            LogLevel = fs.GetString(FlagNames.LogLevel),
            LogFormat = fs.GetString(FlagNames.LogFormat),
            StartupOnly = startupOnly,
            StopAfterMigrate = stopAfterMigrate,
            Migrate = migrate,
            UseSchemaVersionLease = fs.GetBool(FlagNames.StartupUseSchemaVersionLease),
            InstallExtensions = fs.GetBool(FlagNames.StartupInstallExtensions),
            UpgradeExtensions = fs.GetBool(FlagNames.StartupUpgradeExtensions),
            ConfigFile = fs.GetString(FlagNames.Config),
        };
    }
}
