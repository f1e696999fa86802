namespace PromscaleLauncher.FakePromscale;

/// <summary>Promscale's exit codes (docs/promscale.md §6.2) plus the fake's own misuse code.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Any flag, configuration, validation or start-up failure (<c>os.Exit(1)</c>).</summary>
    public const int Failure = 1;

    /// <summary>A Go panic.</summary>
    public const int Panic = 2;

    /// <summary>The fake was misconfigured through its <c>FAKE_PROMSCALE_*</c> knobs (EX_USAGE).</summary>
    public const int FakeMisuse = 64;
}
