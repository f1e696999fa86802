namespace PromscaleLauncher.Logging.Promscale;

/// <summary>
/// Interns the few strings that repeat on every line (keys, levels, callers) so parsing does not allocate
/// them again. Bounded, because some keys are error texts (the health.go <c>(MISSING)</c> case, contract
/// §4.2): past the capacity new strings are returned without being remembered. Not thread-safe: one per pump.
/// </summary>
internal sealed class BoundedStringPool
{
    private const int MaxPooledLength = 64;

    private readonly Dictionary<string, string> _strings;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly string[] _seed;
    private readonly int _capacity;

    /// <param name="capacity">How many strings to remember at most.</param>
    /// <param name="seed">The strings expected on (almost) every line: compared first, without hashing.</param>
    public BoundedStringPool(int capacity, params ReadOnlySpan<string> seed)
    {
        _capacity = capacity;
        _strings = new Dictionary<string, string>(StringComparer.Ordinal);
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        _seed = seed.ToArray();
        foreach (var s in seed)
        {
            _strings[s] = s;
        }
    }

    public string GetOrAdd(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return string.Empty;
        }

        if (text.Length > MaxPooledLength)
        {
            return text.ToString();
        }

        foreach (var seeded in _seed)
        {
            if (text.SequenceEqual(seeded))
            {
                return seeded;
            }
        }

        if (_lookup.TryGetValue(text, out var pooled))
        {
            return pooled;
        }

        var created = text.ToString();
        if (_strings.Count < _capacity)
        {
            _strings[created] = created;
        }

        return created;
    }
}
