using PromscaleLauncher.Database;

namespace PromscaleLauncher.Tests.Connections;

public sealed class PromscaleSessionNameTests
{
    [Fact]
    public void Names_the_version_the_container_and_the_budget()
    {
        Assert.Equal("promscale@0.10.0/web-2 max=12 g=3f9a1c", PromscaleSessionName.Format("0.10.0", "web-2", 12, "3f9a1c"));
        Assert.Equal(new PromscaleSession("0.10.0", "web-2", 12, "3f9a1c"), PromscaleSessionName.Parse("promscale@0.10.0/web-2 max=12 g=3f9a1c"));
        Assert.Matches("^promscale@0.10.0/web-2 max=12 g=[0-9a-f]{6}$", PromscaleSessionName.Format("0.10.0", "web-2", 12));
    }

    [Fact]
    public void Reads_the_names_of_releases_before_this_one_as_unnamed()
    {
        Assert.Equal(new PromscaleSession("0.10.0", null, null, null), PromscaleSessionName.Parse("promscale@0.10.0"));
        Assert.Null(PromscaleSessionName.Parse("promscale-launcher preflight/web-1"));
        Assert.Null(PromscaleSessionName.Parse("psql"));
        Assert.Null(PromscaleSessionName.Parse(null));
    }

    [Fact]
    public void Shortens_the_container_so_that_PostgreSQL_does_not_cut_the_budget_off()
    {
        var name = PromscaleSessionName.Format("0.10.0", new string('c', 100), 1234);

        Assert.Equal(PromscaleSessionName.MaxLength, name.Length);
        Assert.Contains(" max=1234 g=", name);
        Assert.Equal(1234, PromscaleSessionName.Parse(name)!.Budget);
    }

    [Fact]
    public void Keeps_the_name_printable_ASCII_as_PostgreSQL_stores_it_so_the_cut_is_UTF8_safe()
    {
        var name = PromscaleSessionName.Format("0.10.0", "wéb 2", 5, "abc");

        Assert.Equal("promscale@0.10.0/w_b_2 max=5 g=abc", name);
        Assert.All(name, c => Assert.InRange(c, ' ', '~'));
        Assert.Equal("w_b_2", PromscaleSessionName.Parse(name)!.Container);
    }
}
