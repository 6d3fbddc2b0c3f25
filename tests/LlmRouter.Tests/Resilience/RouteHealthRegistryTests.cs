using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Tests.Resilience;

public class RouteHealthRegistryTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));

    private RouteHealthRegistry Create(int threshold = 3) =>
        new(new CooldownOptions { FailureThreshold = threshold, Window = TimeSpan.FromSeconds(60), Duration = TimeSpan.FromSeconds(30) }, _time);

    [Fact]
    public void RouteHealthRegistry_FailuresBelowThreshold_DoNotCoolDown()
    {
        var registry = Create();

        registry.RecordFailure("p/m", LlmErrorKind.Unavailable, null);
        registry.RecordFailure("p/m", LlmErrorKind.Unavailable, null);

        Assert.False(registry.IsCoolingDown("p/m"));
    }

    [Fact]
    public void RouteHealthRegistry_ThresholdWithinWindow_CoolsDownForDuration()
    {
        var registry = Create();

        for (var i = 0; i < 3; i++)
        {
            registry.RecordFailure("p/m", LlmErrorKind.Timeout, null);
        }

        Assert.True(registry.IsCoolingDown("p/m"));
        Assert.Equal(TimeSpan.FromSeconds(30), registry.GetCooldownRemaining("p/m"));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(registry.IsCoolingDown("p/m"));
    }

    [Fact]
    public void RouteHealthRegistry_FailuresSpreadBeyondWindow_DoNotAccumulate()
    {
        var registry = Create();

        registry.RecordFailure("p/m", LlmErrorKind.Unavailable, null);
        registry.RecordFailure("p/m", LlmErrorKind.Unavailable, null);
        _time.Advance(TimeSpan.FromSeconds(61));
        registry.RecordFailure("p/m", LlmErrorKind.Unavailable, null);

        Assert.False(registry.IsCoolingDown("p/m"));
    }

    [Fact]
    public void RouteHealthRegistry_RateLimitWithRetryAfter_CoolsDownForRetryAfter()
    {
        var registry = Create(threshold: 100);

        var cooldown = registry.RecordFailure("p/m", LlmErrorKind.RateLimited, TimeSpan.FromSeconds(7));

        Assert.Equal(TimeSpan.FromSeconds(7), cooldown);
        Assert.True(registry.IsCoolingDown("p/m"));
        Assert.False(registry.IsCoolingDown("p/other"));
    }

    [Theory]
    [InlineData(LlmErrorKind.InvalidRequest)]
    [InlineData(LlmErrorKind.ContextTooLong)]
    [InlineData(LlmErrorKind.ContentFiltered)]
    [InlineData(LlmErrorKind.BudgetExceeded)]
    public void RouteHealthRegistry_RequestSpecificErrors_NeverCoolARouteDown(LlmErrorKind kind)
    {
        var registry = Create(threshold: 1);

        Assert.Null(registry.RecordFailure("p/m", kind, null));
        Assert.False(registry.IsCoolingDown("p/m"));
    }

    [Fact]
    public void RouteHealthRegistry_Disabled_NeverCoolsDown()
    {
        var registry = new RouteHealthRegistry(new CooldownOptions { Enabled = false, FailureThreshold = 1 }, _time);

        registry.RecordFailure("p/m", LlmErrorKind.RateLimited, TimeSpan.FromMinutes(5));
        registry.CoolDown("p/m", TimeSpan.FromMinutes(5));

        Assert.False(registry.IsCoolingDown("p/m"));
    }

    [Fact]
    public void RouteHealthRegistry_Latency_IsASmoothedAverageOfSuccesses()
    {
        var registry = Create();
        Assert.Null(registry.GetAverageLatency("p/m"));

        registry.RecordSuccess("p/m", TimeSpan.FromMilliseconds(100));
        registry.RecordSuccess("p/m", TimeSpan.FromMilliseconds(200));

        Assert.Equal(TimeSpan.FromMilliseconds(120), registry.GetAverageLatency("p/m"));
    }

    [Fact]
    public void RouteHealthRegistry_Snapshot_ListsTheProvidersRoutes()
    {
        var registry = Create(threshold: 1);
        registry.RecordSuccess("p/a", TimeSpan.FromMilliseconds(10));
        registry.RecordFailure("p/b", LlmErrorKind.Unavailable, null);
        registry.RecordSuccess("q/c", TimeSpan.FromMilliseconds(10));

        var routes = registry.Snapshot("p");

        Assert.Equal(["p/a", "p/b"], routes.Select(r => r.ModelKey));
        Assert.False(routes[0].IsCoolingDown);
        Assert.True(routes[1].IsCoolingDown);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(30), routes[1].CooldownUntil);
    }

    [Fact]
    public void RouteHealthRegistry_AnyCoolingDown_TracksTheLatestCooldown()
    {
        var registry = Create(threshold: 1);
        Assert.False(registry.AnyCoolingDown);

        registry.RecordFailure("p/a", LlmErrorKind.RateLimited, TimeSpan.FromSeconds(10));
        registry.RecordFailure("p/b", LlmErrorKind.RateLimited, TimeSpan.FromSeconds(40));
        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.True(registry.AnyCoolingDown);
        Assert.False(registry.IsCoolingDown("p/a"));
        _time.Advance(TimeSpan.FromSeconds(21));
        Assert.False(registry.AnyCoolingDown);
    }

    [Fact]
    public void RouteHealthRegistry_CooldownStarting_IsPublishedOnceWithItsDuration()
    {
        var channel = new RecordingChannel();
        var registry = new RouteHealthRegistry(() => new CooldownOptions { FailureThreshold = 2, Duration = TimeSpan.FromSeconds(30) }, _time, channel);

        registry.RecordFailure("p/m", LlmErrorKind.Unavailable, null);
        Assert.Empty(channel.Published);
        registry.RecordFailure("p/m", LlmErrorKind.Unavailable, null);
        registry.CoolDown("p/m", TimeSpan.FromSeconds(10)); // shorter than the running cooldown: nothing new to tell
        registry.RecordFailure("p/x", LlmErrorKind.RateLimited, TimeSpan.FromSeconds(90));

        Assert.Equal([("p/m", TimeSpan.FromSeconds(30)), ("p/x", TimeSpan.FromSeconds(90))], channel.Published);
    }

    [Fact]
    public void RouteHealthRegistry_PublishedElsewhere_CoolsTheRouteDownHereWithoutPublishingAgain()
    {
        var channel = new RecordingChannel();
        var registry = new RouteHealthRegistry(() => new CooldownOptions(), _time, channel);

        channel.Deliver("P/M", TimeSpan.FromSeconds(45));

        Assert.True(registry.AnyCoolingDown);
        Assert.Equal(TimeSpan.FromSeconds(45), registry.GetCooldownRemaining("p/m"));
        Assert.Empty(channel.Published);
        channel.Deliver("p/m", TimeSpan.FromSeconds(5)); // a shorter one does not cut the cooldown short
        Assert.Equal(TimeSpan.FromSeconds(45), registry.GetCooldownRemaining("p/m"));
        _time.Advance(TimeSpan.FromSeconds(45));
        Assert.False(registry.IsCoolingDown("p/m"));
    }

    [Fact]
    public void RouteHealthRegistry_CooldownsDisabled_IgnoresPublishedCooldowns()
    {
        var channel = new RecordingChannel();
        using var registry = new RouteHealthRegistry(() => new CooldownOptions { Enabled = false }, _time, channel);

        channel.Deliver("p/m", TimeSpan.FromSeconds(45));

        Assert.False(registry.IsCoolingDown("p/m"));
        registry.Dispose();
        Assert.True(channel.Unsubscribed);
    }

    [Fact]
    public void RouteHealthRegistry_EndCooldown_EndsOnlyTheCooldownItNames()
    {
        var registry = Create();
        var until = _time.GetUtcNow().AddSeconds(35).UtcTicks;

        Assert.True(registry.CoolDownUntil("p/a", until));
        Assert.True(registry.CoolDownUntil("p/b", until));
        registry.CoolDown("p/b", TimeSpan.FromMinutes(5)); // extended since, as by a long Retry-After

        Assert.True(registry.EndCooldown("p/a", until));
        Assert.False(registry.EndCooldown("p/b", until));
        Assert.False(registry.EndCooldown("p/unknown", until));
        Assert.False(registry.IsCoolingDown("p/a"));
        Assert.Equal(TimeSpan.FromMinutes(5), registry.GetCooldownRemaining("p/b"));
    }

    [Fact]
    public void RouteHealthRegistry_EndedCooldown_StartsAFreshFailureWindow()
    {
        var registry = Create(threshold: 2);
        var until = _time.GetUtcNow().AddSeconds(35).UtcTicks;
        registry.CoolDownUntil("p/m", until);
        _time.Advance(TimeSpan.FromSeconds(5));

        registry.EndCooldown("p/m", until);
        registry.RecordFailure("p/m", LlmErrorKind.Unavailable, null);
        _time.Advance(TimeSpan.FromSeconds(61));
        registry.RecordFailure("p/m", LlmErrorKind.Unavailable, null);

        Assert.False(registry.IsCoolingDown("p/m"));
    }

    [Fact]
    public void RouteHealthRegistry_CoolDownUntil_DoesNothingWhenCooldownsAreDisabled()
    {
        var registry = new RouteHealthRegistry(new CooldownOptions { Enabled = false }, _time);

        Assert.False(registry.CoolDownUntil("p/m", _time.GetUtcNow().AddMinutes(1).UtcTicks));
        Assert.False(registry.IsCoolingDown("p/m"));
    }

    private sealed class RecordingChannel : IRouteCooldownChannel, IDisposable
    {
        private Action<string, TimeSpan>? _subscriber;

        public List<(string, TimeSpan)> Published { get; } = [];

        public bool Unsubscribed { get; private set; }

        public void Publish(string modelKey, TimeSpan duration) => Published.Add((modelKey, duration));

        public IDisposable Subscribe(Action<string, TimeSpan> onCooldown)
        {
            _subscriber = onCooldown;
            return this;
        }

        public void Deliver(string modelKey, TimeSpan duration) => _subscriber!(modelKey, duration);

        public void Dispose() => Unsubscribed = true;
    }
}
