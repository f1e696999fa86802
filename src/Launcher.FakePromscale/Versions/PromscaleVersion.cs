namespace PromscaleLauncher.FakePromscale.Versions;

/// <summary>
/// The emulated Promscale release: 0.10.0 (what runs on Scalingo) or 0.17.0 (the last release), the two profiles the
/// launcher's tests run (docs/promscale.md §0, §8.7). What differs between them is said here, once.
/// </summary>
internal sealed record PromscaleVersion
{
    public static readonly PromscaleVersion V0_10_0 = new("0.10.0", "0742e64f0f3026597370c2b82f1a05e1ef9ac976", isLegacy: true);

    public static readonly PromscaleVersion V0_17_0 = new("0.17.0", "148f25dbabd6f93fa8d317e9ffb5b5baf449e061", isLegacy: false);

    private PromscaleVersion(string text, string commitHash, bool isLegacy)
    {
        Text = text;
        CommitHash = commitHash;
        IsLegacy = isLegacy;
    }

    public string Text { get; }

    /// <summary>Release builds inject the tag commit (docs/promscale.md §1.5); of 0.10.0 only the first 8 digits are known, the rest is made up.</summary>
    public string CommitHash { get; }

    /// <summary>
    /// 0.10.0: connector-run SQL migration (CREATE ROLE as the connecting user), one pool, no signal handled, old
    /// log texts. Otherwise 0.17.0: the <c>promscale</c> extension, TimescaleDB required, three pools, graceful SIGINT,
    /// SIGHUP reload, web secrets in clear text in the <c>config=</c> line.
    /// </summary>
    public bool IsLegacy { get; }

    /// <summary>PostgreSQL accepted: ≥ 12 and &lt; 15 (0.10.0) or &lt; 16 (0.17.0), docs/promscale.md §3.3.</summary>
    public int PostgresMajorExclusive => IsLegacy ? 15 : 16;

    public VersionRange TimescaleDbRange => IsLegacy ? VersionRange.Of("1.7.3", "2.99.0") : VersionRange.Of("2.6.1", "2.99.0");

    public VersionRange PromscaleExtensionRange => IsLegacy ? VersionRange.Of("0.1.0", "0.3.99") : VersionRange.Of("0.8.0", "0.8.99");

    /// <summary>Prefix of parse errors wrapped by <c>ParseFlags</c>.</summary>
    public string ParseErrorPrefix => IsLegacy ? "configuration error: " : "configuration error when parsing flags: ";

    /// <summary>The <c>version.Info()</c> text (docs/promscale.md §1.5, §4.1).</summary>
    public string InfoLine => IsLegacy
        ? $"Version:{Text}; Commit Hash: {CommitHash}"
        : $"Version: {Text}, Commit Hash: {CommitHash}, Branch: HEAD";

    /// <summary><c>FAKE_PROMSCALE_VERSION</c>: unset means 0.17.0.</summary>
    public static PromscaleVersion? Parse(string? text) => text switch
    {
        null or "" or "0.17.0" => V0_17_0,
        "0.10.0" => V0_10_0,
        _ => null,
    };
}
