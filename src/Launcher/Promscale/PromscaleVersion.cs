using System.Diagnostics.CodeAnalysis;

namespace PromscaleLauncher.Promscale;

/// <summary>A released Promscale version (tags have no 'v': 0.10.0, 0.17.0).</summary>
internal sealed record PromscaleVersion(int Major, int Minor, int Patch) : IComparable<PromscaleVersion>
{
    /// <summary>The last version that runs without the `promscale` database extension, so the only one usable on Scalingo.</summary>
    public static readonly PromscaleVersion V0_10_0 = new(0, 10, 0);

    /// <summary>The oldest version the launcher knows how to run; 0.10.0 renamed every flag.</summary>
    public static readonly PromscaleVersion OldestSupported = V0_10_0;

    /// <summary>Promscale was discontinued in February 2023; 0.17.0 is the last release.</summary>
    public static readonly PromscaleVersion Latest = new(0, 17, 0);

    /// <summary>Every release tag from 0.10.0 on (docs/promscale.md §7).</summary>
    public static readonly IReadOnlyList<PromscaleVersion> Releases =
    [
        V0_10_0, new(0, 11, 0), new(0, 12, 0), new(0, 12, 1), new(0, 13, 0), new(0, 14, 0), new(0, 15, 0), new(0, 16, 0), Latest,
    ];

    public static bool TryParse(string? text, [NotNullWhen(true)] out PromscaleVersion? version)
    {
        version = null;
        var parts = text?.Trim().Split('.');
        if (parts is not { Length: 3 } || !parts.All(IsNumber))
        {
            return false;
        }
        version = new PromscaleVersion(int.Parse(parts[0]), int.Parse(parts[1]), int.Parse(parts[2]));
        return true;

        static bool IsNumber(string part) => part.Length is > 0 and < 6 && part.All(char.IsAsciiDigit);
    }

    public bool IsRelease => Releases.Contains(this);

    public PromscaleEra Era => this switch
    {
        { Major: 0, Minor: <= 10 } => PromscaleEra.SqlMigrations,
        { Major: 0, Minor: <= 12 } => PromscaleEra.ExtensionSinglePool,
        { Major: 0, Minor: <= 14 } => PromscaleEra.ReaderWriterPools,
        _ => PromscaleEra.MaintenancePool,
    };

    public int CompareTo(PromscaleVersion? other)
    {
        if (other is null)
        {
            return 1;
        }
        var major = Major.CompareTo(other.Major);
        if (major != 0)
        {
            return major;
        }
        var minor = Minor.CompareTo(other.Minor);
        return minor != 0 ? minor : Patch.CompareTo(other.Patch);
    }

    public static bool operator <(PromscaleVersion left, PromscaleVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(PromscaleVersion left, PromscaleVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(PromscaleVersion left, PromscaleVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(PromscaleVersion left, PromscaleVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{Major}.{Minor}.{Patch}";
}
