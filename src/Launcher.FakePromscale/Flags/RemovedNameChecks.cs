using PromscaleLauncher.FakePromscale.Logging;

namespace PromscaleLauncher.FakePromscale.Flags;

/// <summary>0.11+ rejection of the names removed in 0.11.0 (<c>checkForRemovedEnvVarUsage</c>, <c>checkForRemovedConfigFlags</c>).</summary>
internal static class RemovedNameChecks
{
    private const string Caller = "flags.go:326";

    public const string RemovedEnvError = "using removed environmental variables, please update your configuration to new variable names to proceed";
    public const string RemovedFlagsError = "using removed flags, please update to new flag names to proceed";
    public const string RemovedConfigError = "using removed configuration file variables, please update to new variable names to proceed";

    /// <summary>Warns for every removed env var set (non-empty) and fails (contract §1.5, §1.6).</summary>
    public static void CheckEnvironment(Func<string, string?> environment, PromscaleLogger log)
    {
        var failed = false;
        foreach (var (newName, oldName) in RemovedFlagNames.ByNewName.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var (newVariable, oldVariable) = (EnvironmentVariableName.For(newName), EnvironmentVariableName.For(oldName));
            if (newVariable == oldVariable || string.IsNullOrEmpty(environment(oldVariable)))
            {
                continue;
            }

            failed = true;
            log.Warn(Caller, ("msg", $"using unsupported environment variable [{oldVariable}] for configuration flag which has been removed. Please update to new name [{newVariable}]."));
        }

        var migrateVariable = EnvironmentVariableName.For(FlagNames.Migrate);
        var migrate = environment(migrateVariable);
        if (!string.IsNullOrEmpty(migrate))
        {
            failed = true;
            log.Warn(Caller, ("msg", migrate switch
            {
                "false" => $"Using removed environment variable `{migrateVariable}` set to `false`. Please update you configuration by using `{EnvironmentVariableName.For(FlagNames.StartupSkipMigrate)}` environment variable.",
                "only" => $"Using removed flag `{migrateVariable}` set to `only`. Please update you configuration by using `{EnvironmentVariableName.For(FlagNames.StartupOnly)}` environment variable.",
                _ => $"Using removed flag `{migrateVariable}` with an invalid value. Please update you configuration by using one of the startup environment variables.",
            }));
        }

        if (failed)
        {
            throw new ConfigurationException(RemovedEnvError);
        }
    }

    /// <summary>The old flag names used on the command line, in order, with the new name (or the migrate value).</summary>
    public static IReadOnlyList<(string OldName, string NewName)> RemovedFlagsOnCommandLine(IReadOnlyList<string> args)
    {
        var found = new List<(string, string)>();
        foreach (var arg in args)
        {
            if (!arg.StartsWith('-'))
            {
                continue;
            }

            var name = arg.TrimStart('-');
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            var value = equals >= 0 ? name[(equals + 1)..] : string.Empty;
            name = equals >= 0 ? name[..equals] : name;
            if (RemovedFlagNames.ByOldName.TryGetValue(name, out var newName))
            {
                found.Add((name, newName));
            }
            else if (name == FlagNames.Migrate)
            {
                found.Add((name, value));
            }
        }

        return found;
    }

    /// <summary><c>handleOldFlags</c>: the warning lines for one removed flag.</summary>
    public static void WarnRemovedFlag(string oldName, string newName, PromscaleLogger log)
    {
        if (oldName != FlagNames.Migrate)
        {
            log.Warn(Caller, ("msg", $"Update removed flag `{oldName}` to new flag `{newName}`"));
            return;
        }

        log.Warn(Caller, ("msg", newName switch
        {
            "false" => "Using removed flag `migrate` set to `false`. Please update you configuration by using `startup.skip-migrate` flag.",
            "only" => "Using removed flag `migrate` set to `only`. Please update you configuration by using `startup.only` flag.",
            _ => "Using removed flag `migrate` with an invalid value. Please update you configuration by using one of the startup flags.",
        }));
    }
}
