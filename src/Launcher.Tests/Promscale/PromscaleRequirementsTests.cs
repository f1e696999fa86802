using PromscaleLauncher.Promscale;

namespace PromscaleLauncher.Tests.Promscale;

public sealed class PromscaleRequirementsTests
{
    [Theory]
    [InlineData("0.10.0", 11, false)]
    [InlineData("0.10.0", 12, true)]
    [InlineData("0.10.0", 14, true)]
    [InlineData("0.10.0", 15, false)]
    [InlineData("0.16.0", 15, false)]
    [InlineData("0.17.0", 15, true)]
    [InlineData("0.17.0", 16, false)]
    public void Accepts_the_PostgreSQL_majors_of_contract_3_3(string version, int major, bool accepted)
    {
        Assert.True(PromscaleVersion.TryParse(version, out var parsed));

        Assert.Equal(accepted, PromscaleRequirements.For(parsed).AcceptsPostgres(major));
    }

    [Theory]
    [InlineData("0.10.0", false, false)]
    [InlineData("0.11.0", false, true)]
    [InlineData("0.14.0", false, true)]
    [InlineData("0.15.0", true, true)]
    [InlineData("0.17.0", true, true)]
    public void Requires_TimescaleDB_from_0_15_and_the_promscale_extension_from_0_11(string version, bool timescaleDb, bool extension)
    {
        Assert.True(PromscaleVersion.TryParse(version, out var parsed));
        var requirements = PromscaleRequirements.For(parsed);

        Assert.Equal(timescaleDb, requirements.TimescaleDbRequired);
        Assert.Equal(extension, requirements.PromscaleExtensionRequired);
    }

    [Theory]
    [InlineData("0.10.0", "1.7.2", false)]
    [InlineData("0.10.0", "1.7.3", true)]
    [InlineData("0.10.0", "2.19.3", true)]
    [InlineData("0.11.0", "2.6.0", false)]
    [InlineData("0.11.0", "2.6.1", true)]
    [InlineData("0.17.0", "2.99.0", false)]
    [InlineData("0.17.0", "3.0.0", false)]
    public void Checks_the_TimescaleDB_range(string version, string timescaleDb, bool accepted)
    {
        Assert.True(PromscaleVersion.TryParse(version, out var parsed));

        Assert.Equal(accepted, PromscaleRequirements.For(parsed).TimescaleDbVersions.Contains(timescaleDb));
    }

    [Theory]
    [InlineData("0.12.1", "0.5.0-alpha", true)]
    [InlineData("0.13.0", "0.5.3", false)]
    [InlineData("0.13.0", "0.5.4", true)]
    [InlineData("0.14.0", "0.6.0", true)]
    [InlineData("0.17.0", "0.7.9", false)]
    [InlineData("0.17.0", "0.8.0", true)]
    public void Checks_the_promscale_extension_range(string version, string extension, bool accepted)
    {
        Assert.True(PromscaleVersion.TryParse(version, out var parsed));

        Assert.Equal(accepted, PromscaleRequirements.For(parsed).PromscaleExtensionVersions.Contains(extension));
    }

    [Theory]
    [InlineData("2.10.0", "2.9.9", 1)]
    [InlineData("2.6.1", "2.6.1", 0)]
    [InlineData("0.5.0-alpha", "0.5.0", -1)]
    [InlineData("1.7", "1.7.0", 0)]
    public void Compares_dotted_versions_numerically(string left, string right, int sign) =>
        Assert.Equal(sign, Math.Sign(VersionRange.Compare(left, right)));

    [Theory]
    [InlineData("0.10.0", PromscaleEraName.SqlMigrations)]
    [InlineData("0.12.1", PromscaleEraName.ExtensionSinglePool)]
    [InlineData("0.14.0", PromscaleEraName.ReaderWriterPools)]
    [InlineData("0.15.0", PromscaleEraName.MaintenancePool)]
    public void Maps_versions_to_their_era(string version, PromscaleEraName era)
    {
        Assert.True(PromscaleVersion.TryParse(version, out var parsed));

        Assert.Equal(era.ToString(), parsed.Era.ToString());
    }

    public enum PromscaleEraName
    {
        SqlMigrations,
        ExtensionSinglePool,
        ReaderWriterPools,
        MaintenancePool,
    }
}
