using Microsoft.Extensions.Time.Testing;
using PromscaleLauncher.Supervision;

namespace PromscaleLauncher.Tests.Watchdog;

public sealed class WatchdogRestartWindowTests
{
    [Fact]
    public void Allows_three_restarts_in_ten_minutes_and_refuses_the_fourth()
    {
        var time = new FakeTimeProvider();
        var window = new WatchdogRestartWindow(time);

        Assert.True(window.TryRecord());
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.True(window.TryRecord());
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.True(window.TryRecord());
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.False(window.TryRecord());
        Assert.Equal((3, 3), (window.Total, window.InWindow));
    }

    [Fact]
    public void Forgets_a_restart_ten_minutes_after_it()
    {
        var time = new FakeTimeProvider();
        var window = new WatchdogRestartWindow(time);
        Assert.True(window.TryRecord());
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(window.TryRecord());
        Assert.True(window.TryRecord());

        time.Advance(TimeSpan.FromMinutes(9));

        // The first one is exactly 10 minutes old: out of the window, so a fourth restart in all is allowed.
        Assert.Equal(2, window.InWindow);
        Assert.True(window.TryRecord());
        Assert.False(window.TryRecord());
        Assert.Equal(4, window.Total);
    }
}
