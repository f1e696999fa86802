using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PromscaleLauncher.FakePromscale.Versions;

/// <summary>
/// The emulated Promscale release and everything that differs between eras (contract §0).
/// Any 0.10.x–0.17.x version is accepted and mapped to its era.
/// </summary>
internal sealed record PromscaleVersion(int Minor, int Patch)
{
    public const string DefaultText = "0.17.0";

    public string Text => $"0.{Minor}.{Patch}";

    /// <summary>Release builds inject the tag commit (contract §1.5). Only 0.17.0's is known in full.</summary>
    public string CommitHash => Text switch
    {
        "0.17.0" => "148f25dbabd6f93fa8d317e9ffb5b5baf449e061",
        "0.10.0" => "0742e64f" + StableHex("0.10.0", 32),
        _ => StableHex(Text, 40),
    };

    public bool IsLegacy => Minor <= 10;

    /// <summary>0.11 removed the old flag and env names (contract §1.6).</summary>
    public bool RejectsRemovedNames => Minor >= 11;

    /// <summary>0.11 added <c>signal.Notify(SIGINT)</c> once serving (contract §6.1).</summary>
    public bool HandlesSigint => Minor >= 11;

    /// <summary>0.12 added SIGHUP (rules reload) to the handled signals.</summary>
    public bool HandlesSighup => Minor >= 12;

    public bool RequiresPromscaleExtension => Minor >= 11;

    public bool RequiresTimescaleDb => Minor >= 15;

    public bool SupportsAuthIgnorePath => Minor >= 15;

    /// <summary>0.15+ print the web Basic-auth password and bearer token in clear text in <c>config=</c> (contract §4.1).</summary>
    public bool PrintsWebSecretsInConfig => Minor >= 15;

    public bool HasVacuumEngine => Minor >= 15;

    public bool AcceptsNestedConfigFile => Minor >= 17;

    public bool HasTracingGrpcServer => Minor >= 11;

    public bool PanicsOnSighupWhenReadOnly => Minor >= 13;

    public PoolEra PoolEra => Minor switch
    {
        <= 11 => PoolEra.SinglePoolGoMaxProcs,
        12 => PoolEra.SinglePoolDatabaseCpus,
        <= 14 => PoolEra.WriterReader,
        _ => PoolEra.WriterReaderMaintenance,
    };

    /// <summary>PostgreSQL accepted: ≥ 12 and &lt; 15, or &lt; 16 from 0.17 (contract §3.3).</summary>
    public int PostgresMajorExclusive => Minor >= 17 ? 16 : 15;

    public VersionRange TimescaleDbRange => Minor <= 10 ? VersionRange.Of("1.7.3", "2.99.0") : VersionRange.Of("2.6.1", "2.99.0");

    public VersionRange PromscaleExtensionRange => Minor switch
    {
        <= 10 => VersionRange.Of("0.1.0", "0.3.99"),
        <= 12 => VersionRange.Of("0.5.0-alpha", "0.5.99"),
        13 => VersionRange.Of("0.5.4", "0.5.99"),
        14 => VersionRange.Of("0.6.0", "0.6.99"),
        <= 16 => VersionRange.Of("0.7.0", "0.7.99"),
        _ => VersionRange.Of("0.8.0", "0.8.99"),
    };

    /// <summary>Name of the gRPC tracing server in the start/stop lines (contract §4.1).</summary>
    public string GrpcServerName => Minor >= 14 ? "GRPC server for Jaeger and OTEL traces" : "OpenTelemetry OTLP GRPC server";

    /// <summary>Prefix of parse errors wrapped by <c>ParseFlags</c>.</summary>
    public string ParseErrorPrefix => IsLegacy ? "configuration error: " : "configuration error when parsing flags: ";

    /// <summary>Where auth validation errors are reported (contract §1.5).</summary>
    public string AuthValidationContext => Minor >= 15 ? "error validating Auth configuration" : "error validating API configuration";

    /// <summary>The <c>version.Info()</c> text (contract §1.5, §4.1).</summary>
    public string InfoLine => IsLegacy
        ? $"Version:{Text}; Commit Hash: {CommitHash}"
        : $"Version: {Text}, Commit Hash: {CommitHash}, Branch: HEAD";

    public static bool TryParse(string? text, out PromscaleVersion version)
    {
        version = new PromscaleVersion(17, 0);
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        var parts = text.Split('.');
        if (parts.Length != 3 || parts[0] != "0"
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var patch)
            || minor is < 10 or > 17)
        {
            return false;
        }

        version = new PromscaleVersion(minor, patch);
        return true;
    }

    private static string StableHex(string seed, int length)
        => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(seed)))[..length];
}
