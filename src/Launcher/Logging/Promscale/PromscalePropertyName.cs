using System.Buffers;

namespace PromscaleLauncher.Logging.Promscale;

/// <summary>
/// Promscale keys become Serilog property names as written when they are plain identifiers
/// (<c>num_samples</c>, <c>err</c>); every other character becomes <c>_</c> (<c>writer-pool.size</c> →
/// <c>writer_pool_size</c>, <c>samples/sec</c> → <c>samples_sec</c>). Not PascalCase: the original spelling is
/// what Promscale's docs and issues use and what people grep for, and the mapping stays predictable.
/// <c>/</c>, <c>-</c>, <c>.</c> and <c>@</c> would break message templates, CLEF (<c>@</c> is reserved) and
/// most log query languages.
/// </summary>
internal static class PromscalePropertyName
{
    private static readonly SearchValues<char> _identifierChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

    public static string FromKey(string key)
    {
        if (key.Length == 0)
        {
            return "_";
        }

        if (!key.AsSpan().ContainsAnyExcept(_identifierChars))
        {
            return key;
        }

        return string.Create(key.Length, key, static (name, original) =>
        {
            for (var i = 0; i < original.Length; i++)
            {
                name[i] = _identifierChars.Contains(original[i]) ? original[i] : '_';
            }
        });
    }
}
