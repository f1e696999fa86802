using System.Text;

namespace PromscaleLauncher.FakePromscale.Flags;

/// <summary>
/// Go's <c>flag.FlagSet</c> with <c>ContinueOnError</c>, reproduced rule by rule (docs/promscale.md §1.1):
/// one or two dashes, <c>-name=value</c> or <c>-name value</c>, booleans only take <c>=value</c>,
/// parsing stops at the first positional argument or <c>--</c>, errors print the message then the usage.
/// </summary>
internal sealed class GoFlagSet(string name, Action<string> output)
{
    private readonly Dictionary<string, GoFlag> _formal = new(StringComparer.Ordinal);
    private readonly HashSet<string> _actual = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    /// <summary>What is left after parsing stopped (ignored by Promscale, issue #290).</summary>
    public IReadOnlyList<string> RemainingArgs { get; private set; } = [];

    public IEnumerable<GoFlag> All => _formal.Values.OrderBy(f => f.Name, StringComparer.Ordinal);

    /// <summary>The flags set by the command line, the environment or the config file (<c>fs.Visit</c>).</summary>
    public IEnumerable<GoFlag> Visited => All.Where(f => _actual.Contains(f.Name));

    public void Define(string flagName, FlagKind kind, string defaultText, string usage)
        => _formal.Add(flagName, new GoFlag(flagName, usage, defaultText, new FlagValue(kind, defaultText)));

    public bool Contains(string flagName) => _formal.ContainsKey(flagName);

    public GoFlag Lookup(string flagName) => _formal[flagName];

    public bool IsSet(string flagName) => _actual.Contains(flagName);

    public string GetString(string flagName) => _formal[flagName].Value.Text;

    public bool GetBool(string flagName) => _formal[flagName].Value.AsBool();

    public long GetInt(string flagName) => _formal[flagName].Value.AsInt();

    public TimeSpan GetDuration(string flagName) => _formal[flagName].Value.AsDuration();

    /// <summary><c>fs.Set</c>: null on success, else the error text (unwrapped).</summary>
    public string? Set(string flagName, string value)
    {
        if (!_formal.TryGetValue(flagName, out var flag))
        {
            return $"no such flag -{flagName}";
        }

        var error = flag.Value.Set(value);
        if (error is null)
        {
            _actual.Add(flagName);
        }

        return error;
    }

    /// <summary><c>fs.Parse(args)</c>; throws <see cref="GoFlagParseException"/> after printing like Go.</summary>
    public void Parse(IReadOnlyList<string> args)
    {
        var remaining = args.ToList();
        while (ParseOne(remaining))
        {
        }

        RemainingArgs = remaining;
    }

    /// <summary><c>flag.PrintDefaults</c> preceded by <c>Usage of NAME:</c> (Go's <c>defaultUsage</c>).</summary>
    public string Usage()
    {
        var builder = new StringBuilder();
        builder.Append("Usage of ").Append(Name).Append(":\n");
        foreach (var flag in All)
        {
            var line = new StringBuilder();
            line.Append("  -").Append(flag.Name);
            var (typeName, usage) = UnquoteUsage(flag);
            if (typeName.Length > 0)
            {
                line.Append(' ').Append(typeName);
            }

            // One-letter boolean flags keep their usage on the same line (Go's PrintDefaults).
            line.Append(line.Length <= 4 ? "\t" : "\n    \t");
            line.Append(usage.Replace("\n", "\n    \t", StringComparison.Ordinal));
            if (!IsZeroValue(flag))
            {
                line.Append(flag.Value.Kind == FlagKind.String
                    ? $" (default {GoSyntax.Quote(flag.DefaultText)})"
                    : $" (default {flag.DefaultText})");
            }

            builder.Append(line).Append('\n');
        }

        return builder.ToString();
    }

    private bool ParseOne(List<string> args)
    {
        if (args.Count == 0)
        {
            return false;
        }

        var s = args[0];
        if (s.Length < 2 || s[0] != '-')
        {
            return false;
        }

        var minuses = 1;
        if (s[1] == '-')
        {
            minuses++;
            if (s.Length == 2)
            {
                args.RemoveAt(0);
                return false;
            }
        }

        var flagName = s[minuses..];
        if (flagName.Length == 0 || flagName[0] == '-' || flagName[0] == '=')
        {
            throw Fail($"bad flag syntax: {s}");
        }

        args.RemoveAt(0);
        var hasValue = false;
        var value = string.Empty;
        var equals = flagName.IndexOf('=', 1);
        if (equals > 0)
        {
            value = flagName[(equals + 1)..];
            hasValue = true;
            flagName = flagName[..equals];
        }

        if (!_formal.TryGetValue(flagName, out var flag))
        {
            if (flagName is "help" or "h")
            {
                output(Usage());
                throw new GoFlagParseException(GoFlagParseException.HelpRequested);
            }

            throw Fail($"flag provided but not defined: -{flagName}");
        }

        if (flag.Value.Kind == FlagKind.Bool)
        {
            var error = flag.Value.Set(hasValue ? value : "true");
            if (error is not null)
            {
                throw Fail(hasValue
                    ? $"invalid boolean value {GoSyntax.Quote(value)} for -{flagName}: {error}"
                    : $"invalid boolean flag {flagName}: {error}");
            }
        }
        else
        {
            if (!hasValue && args.Count > 0)
            {
                hasValue = true;
                value = args[0];
                args.RemoveAt(0);
            }

            if (!hasValue)
            {
                throw Fail($"flag needs an argument: -{flagName}");
            }

            var error = flag.Value.Set(value);
            if (error is not null)
            {
                throw Fail($"invalid value {GoSyntax.Quote(value)} for flag -{flagName}: {error}");
            }
        }

        _actual.Add(flagName);
        return true;
    }

    private GoFlagParseException Fail(string message)
    {
        output(message + "\n");
        output(Usage());
        return new GoFlagParseException(message);
    }

    private static (string TypeName, string Usage) UnquoteUsage(GoFlag flag)
    {
        var usage = flag.Usage;
        var open = usage.IndexOf('`', StringComparison.Ordinal);
        if (open >= 0)
        {
            var close = usage.IndexOf('`', open + 1);
            if (close > open)
            {
                var quoted = usage[(open + 1)..close];
                return (quoted, usage[..open] + quoted + usage[(close + 1)..]);
            }
        }

        var typeName = flag.Value.Kind switch
        {
            FlagKind.Bool => string.Empty,
            FlagKind.Duration => "duration",
            FlagKind.Int => "int",
            _ => "string",
        };
        return (typeName, usage);
    }

    private static bool IsZeroValue(GoFlag flag) => flag.DefaultText == flag.Value.Kind switch
    {
        FlagKind.Bool => "false",
        FlagKind.Int => "0",
        FlagKind.Duration => "0s",
        _ => string.Empty,
    };
}
