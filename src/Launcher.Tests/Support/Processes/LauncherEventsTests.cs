using System.Reflection;
using Microsoft.Extensions.Logging;

namespace PromscaleLauncher.Tests.Support.Processes;

public sealed class LauncherEventsTests
{
    private static Dictionary<string, int> ProductEvents() =>
        typeof(ExitCodes).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(method => (method.Name, Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(method => method.Attribute is not null)
            .ToDictionary(method => method.Name, method => method.Attribute!.EventId);

    private static Dictionary<string, int> TestEvents() =>
        typeof(LauncherEvents).GetFields(BindingFlags.Static | BindingFlags.Public)
            .ToDictionary(field => field.Name, field => (int)field.GetRawConstantValue()!);

    [Fact]
    public void Names_every_event_of_the_launcher_with_its_id()
    {
        var product = ProductEvents();

        Assert.NotEmpty(product);
        Assert.Equal(product.OrderBy(pair => pair.Key), TestEvents().OrderBy(pair => pair.Key));
    }

    [Fact]
    public void Gives_each_event_its_own_id()
    {
        var ids = ProductEvents().Values.ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
