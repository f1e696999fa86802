using PromscaleLauncher.Preflight;
using PromscaleLauncher.Promscale;

namespace PromscaleLauncher.Tests.Database;

public sealed class ConnectionBudgetTests
{
    [Fact]
    public void Frees_max_connections_less_reserved_others_and_headroom()
    {
        var facts = ServerFactsExamples.Scalingo14() with { MaxConnections = 30, SuperuserReservedConnections = 3, OtherConnections = 4 };

        var capacity = ConnectionCapacity.From(facts, headroom: 3, instances: 2);

        Assert.Equal(30 - 3 - 4 - 3, capacity.FreeForPromscale);
        Assert.Equal(10, capacity.PerInstance);
        Assert.Equal("max_connections", capacity.LimitingFactor);
    }

    [Fact]
    public void Subtracts_reserved_connections_of_PostgreSQL_16()
    {
        var facts = ServerFactsExamples.Scalingo14() with { MaxConnections = 100, SuperuserReservedConnections = 3, ReservedConnections = 5 };

        Assert.Equal(100 - 3 - 5 - 3, ConnectionCapacity.From(facts, 3, 1).FreeForPromscale);
    }

    [Fact]
    public void Is_bounded_by_the_roles_connection_limit()
    {
        var facts = ServerFactsExamples.Scalingo14() with { RoleConnectionLimit = 10, OtherRoleConnections = 2 };

        var capacity = ConnectionCapacity.From(facts, headroom: 1, instances: 1);

        Assert.Equal(10 - 2 - 1, capacity.FreeForPromscale);
        Assert.Equal("the role's CONNECTION LIMIT", capacity.LimitingFactor);
    }

    [Fact]
    public void Is_bounded_by_the_databases_connection_limit()
    {
        var facts = ServerFactsExamples.Scalingo14() with { DatabaseConnectionLimit = 8, OtherDatabaseConnections = 1 };

        var capacity = ConnectionCapacity.From(facts, headroom: 0, instances: 1);

        Assert.Equal(7, capacity.FreeForPromscale);
        Assert.Equal("the database's CONNECTION LIMIT", capacity.LimitingFactor);
    }

    [Fact]
    public void Ignores_role_and_database_limits_for_a_superuser_as_PostgreSQL_does()
    {
        var facts = ServerFactsExamples.Scalingo14() with { IsSuperuser = true, RoleConnectionLimit = 1, DatabaseConnectionLimit = 1 };

        Assert.Equal(60 - 3 - 3, ConnectionCapacity.From(facts, 3, 1).FreeForPromscale);
    }

    [Fact]
    public void Never_goes_below_zero()
    {
        var facts = ServerFactsExamples.Scalingo14() with { MaxConnections = 10, OtherConnections = 20 };

        Assert.Equal(0, ConnectionCapacity.From(facts, 3, 1).PerInstance);
    }

    [Fact]
    public void Bounds_0_10_with_the_pool_size_and_GOMAXPROCS_below_it()
    {
        var settings = PromscaleConnectionSettings.For(PromscaleVersion.V0_10_0, budget: 20, processorCount: 32);

        Assert.Equal("20", settings["PROMSCALE_DB_CONNECTIONS_MAX"]);
        // The eager pool minimum is GOMAXPROCS: 32 host cores would open 32 connections at once.
        Assert.Equal("10", settings["GOMAXPROCS"]);
        Assert.Equal(2, settings.Count);
    }

    [Fact]
    public void Never_raises_GOMAXPROCS_above_the_cores()
    {
        var settings = PromscaleConnectionSettings.For(PromscaleVersion.V0_10_0, budget: 50, processorCount: 2);

        Assert.Equal("2", settings["GOMAXPROCS"]);
    }

    [Fact]
    public void Leaves_GOMAXPROCS_alone_in_0_12_where_the_pool_minimum_is_the_database_CPU_count()
    {
        var settings = PromscaleConnectionSettings.For(new PromscaleVersion(0, 12, 1), budget: 20, processorCount: 8);

        Assert.False(settings.ContainsKey("GOMAXPROCS"));
    }

    [Fact]
    public void Splits_0_13_budgets_into_writer_and_reader_pools()
    {
        var settings = PromscaleConnectionSettings.For(new PromscaleVersion(0, 13, 0), budget: 16, processorCount: 8);

        Assert.Equal("6", settings["PROMSCALE_DB_CONNECTIONS_READER_POOL_SIZE"]);
        Assert.Equal("10", settings["PROMSCALE_DB_CONNECTIONS_WRITER_POOL_SIZE"]);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(24)]
    [InlineData(48)]
    [InlineData(500)]
    public void Splits_0_17_budgets_into_three_pools_that_Promscale_accepts(int budget)
    {
        var settings = PromscaleConnectionSettings.For(PromscaleVersion.Latest, budget, processorCount: 8);

        var writer = int.Parse(settings["PROMSCALE_DB_CONNECTIONS_WRITER_POOL_SIZE"]);
        var reader = int.Parse(settings["PROMSCALE_DB_CONNECTIONS_READER_POOL_SIZE"]);
        var maintenance = int.Parse(settings["PROMSCALE_DB_CONNECTIONS_MAINT_POOL_SIZE"]);
        // Promscale 0.15+ refuses pools below 2 and a sum above db.connections-max (docs/promscale.md §2.2).
        Assert.True(writer >= 2 && reader >= 2 && maintenance >= 2, $"{writer}/{reader}/{maintenance}");
        Assert.Equal(budget, writer + reader + maintenance);
        Assert.Equal(budget.ToString(), settings["PROMSCALE_DB_CONNECTIONS_MAX"]);
        Assert.True(int.Parse(settings["PROMSCALE_DB_CONNECTIONS_NUM_WRITERS"]) < writer);
        if (maintenance < 5)
        {
            Assert.Equal((maintenance - 1).ToString(), settings["PROMSCALE_VACUUM_PARALLELISM"]);
        }
    }

    [Fact]
    public void Refuses_a_budget_below_the_eras_minimum() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PromscaleConnectionSettings.For(PromscaleVersion.Latest, 6, 8));
}
