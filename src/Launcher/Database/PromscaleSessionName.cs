using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PromscaleLauncher.Database;

/// <summary>
/// The application_name of Promscale's sessions, which the launcher sets and the preflight reads back from
/// pg_stat_activity: <c>promscale@&lt;version&gt;/&lt;container&gt; max=&lt;budget&gt; g=&lt;launcher&gt;</c>, e.g.
/// <c>promscale@0.10.0/web-2 max=12 g=3f9a1c</c>. The container tells peers apart; the budget is what that container's
/// launcher promised its Promscale, so the next launcher knows what is already spoken for; the launcher token tells a
/// container's two generations apart during a deploy (Scalingo keeps the name, web-2 old and web-2 new run side by
/// side, and may have the same budget). Releases before this one named sessions <c>promscale@&lt;version&gt;</c>.
/// </summary>
internal static partial class PromscaleSessionName
{
    /// <summary>NAMEDATALEN − 1: PostgreSQL cuts a longer application_name silently.</summary>
    public const int MaxLength = 63;

    private const string Prefix = "promscale@";

    /// <summary>The launcher's own sessions (preflight, check, maintenance) start with this.</summary>
    public const string LauncherPrefix = "promscale-launcher";

    /// <summary>This launcher process's token: random, so that two generations of one container differ.</summary>
    public static string ThisLauncher { get; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));

    /// <summary>The name for this container's Promscale; the container part is shortened to fit 63 bytes.</summary>
    public static string Format(string version, string container, int budget, string? launcher = null)
    {
        var head = Prefix + Printable(version) + "/";
        var tail = " max=" + budget.ToString(CultureInfo.InvariantCulture) + " g=" + (launcher ?? ThisLauncher);
        var room = Math.Max(0, MaxLength - head.Length - tail.Length);
        var name = Printable(container);
        return head + (name.Length <= room ? name : name[..room]) + tail;
    }

    /// <summary>
    /// What PostgreSQL will store for <paramref name="text"/>: only printable ASCII survives in application_name
    /// (others become '?', or \x escapes on 16+), so the launcher replaces them itself and can read its own name back.
    /// Spaces would be ambiguous with the budget field. ASCII also makes the 63-byte cut UTF-8 safe.
    /// </summary>
    public static string Printable(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c is > ' ' and < '\x7f' ? c : '_');
        }
        return builder.ToString();
    }

    /// <summary>The parts of a Promscale session's name, or null when <paramref name="applicationName"/> is not Promscale's.</summary>
    public static PromscaleSession? Parse(string? applicationName)
    {
        if (applicationName is null || !applicationName.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var match = NamePattern().Match(applicationName);
        if (!match.Success)
        {
            // promscale@ followed by something else (an operator's own naming): Promscale's, but nothing to read.
            return new PromscaleSession(applicationName[Prefix.Length..], null, null, null);
        }
        var container = match.Groups["container"].Success && match.Groups["container"].Length > 0 ? match.Groups["container"].Value : null;
        int? budget = match.Groups["budget"].Success && int.TryParse(match.Groups["budget"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        var launcher = match.Groups["launcher"].Success ? match.Groups["launcher"].Value : null;
        return new PromscaleSession(match.Groups["version"].Value, container, budget, launcher);
    }

    /// <summary>The launcher's own sessions: they hold a slot, but are not Promscale's.</summary>
    public static bool IsLauncher(string? applicationName) => applicationName?.StartsWith(LauncherPrefix, StringComparison.Ordinal) == true;

    [GeneratedRegex(@"^promscale@(?<version>[^/ ]+)(?:/(?<container>[^ ]*))?(?: max=(?<budget>[0-9]{1,6}))?(?: g=(?<launcher>[0-9a-z]{1,12}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}

/// <summary>What a Promscale session's application_name says: its version, and from this release on its container, budget and launcher.</summary>
internal sealed record PromscaleSession(string Version, string? Container, int? Budget, string? Launcher);
