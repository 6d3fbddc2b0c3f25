using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Tests.Resilience;

public class WallClockTests
{
    [Fact]
    public void WallClock_At_GivesTheWallClockTimeOfATimestamp()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var clock = new WallClock(time);

        var first = time.GetTimestamp();
        Assert.Equal(time.GetUtcNow(), clock.At(first));
        time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(time.GetUtcNow(), clock.At(time.GetTimestamp()));
        time.Advance(TimeSpan.FromHours(3)); // past the refresh: a new anchor
        Assert.Equal(time.GetUtcNow(), clock.At(time.GetTimestamp()));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), clock.At(first)); // an earlier timestamp still maps back
    }
}
