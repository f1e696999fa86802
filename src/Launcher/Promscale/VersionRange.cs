namespace PromscaleLauncher.Promscale;

/// <summary>A half-open range [Minimum, Below) of dotted versions, as Promscale's version checks use them.</summary>
internal sealed record VersionRange(string Minimum, string Below)
{
    public bool Contains(string version) => Compare(version, Minimum) >= 0 && Compare(version, Below) < 0;

    public override string ToString() => $">= {Minimum} and < {Below}";

    /// <summary>Compares dotted numeric versions ("2.17.2", "0.5.0-alpha"); a pre-release suffix sorts before its release.</summary>
    public static int Compare(string left, string right)
    {
        var (leftNumbers, leftPre) = Split(left);
        var (rightNumbers, rightPre) = Split(right);
        for (var i = 0; i < Math.Max(leftNumbers.Length, rightNumbers.Length); i++)
        {
            var l = i < leftNumbers.Length ? leftNumbers[i] : 0;
            var r = i < rightNumbers.Length ? rightNumbers[i] : 0;
            if (l != r)
            {
                return l.CompareTo(r);
            }
        }
        return (leftPre, rightPre) switch
        {
            (false, true) => 1,
            (true, false) => -1,
            _ => 0,
        };
    }

    private static (int[] Numbers, bool PreRelease) Split(string version)
    {
        var dash = version.IndexOf('-');
        var core = dash < 0 ? version : version[..dash];
        var numbers = core.Split('.').Select(part => int.TryParse(part, out var n) ? n : 0).ToArray();
        return (numbers, dash >= 0);
    }
}
