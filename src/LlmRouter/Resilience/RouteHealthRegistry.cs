using System.Collections.Concurrent;

namespace LlmRouter;

/// <summary>Tracks each route's latency, failures and cooldown (its circuit breaker). Thread-safe.</summary>
/// <remarks>A cooldown that starts here is published on the <see cref="IRouteCooldownChannel"/>, and one published by another
/// instance is applied here, so checking a route never leaves the process.</remarks>
internal sealed class RouteHealthRegistry : IRouteStatistics, IDisposable
{
    private readonly ConcurrentDictionary<string, RouteHealth> _routes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lazy<CooldownOptions> _options;
    private readonly TimeProvider _time;
    private readonly IRouteCooldownChannel _channel;
    private readonly IDisposable _subscription;
    private long _latestCooldownUntil; // UTC ticks: no route cools down past this, so most requests skip per-route checks

    public RouteHealthRegistry(CooldownOptions options, TimeProvider timeProvider)
        : this(() => options, timeProvider)
    {
    }

    /// <summary>Initializes a registry whose options are read on first use, so that it (and <see cref="IRouteStatistics"/>,
    /// which strategies take) can be created while the router's options are still being validated.</summary>
    /// <param name="options">Reads the cooldown options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="channel">Shares cooldowns with other instances; <see langword="null"/> for none. Subscribed to at once.</param>
    public RouteHealthRegistry(Func<CooldownOptions> options, TimeProvider timeProvider, IRouteCooldownChannel? channel = null)
    {
        _options = new Lazy<CooldownOptions>(options);
        _time = timeProvider;
        _channel = channel ?? LocalRouteCooldownChannel.Instance;
        _subscription = _channel.Subscribe(ApplyPublished);
    }

    private CooldownOptions Options => _options.Value;

    public TimeSpan? GetAverageLatency(string modelKey) =>
        _routes.TryGetValue(modelKey, out var h) ? h.AverageLatency : null;

    public bool IsCoolingDown(string modelKey) => GetCooldownRemaining(modelKey) > TimeSpan.Zero;

    /// <summary>Gets a value indicating whether any route may be cooling down now; when not, per-route checks can be skipped.</summary>
    /// <remarks>Reads the clock only while some cooldown may still run: a healthy router (none ever started, or the latest one
    /// over) pays nothing for this check.</remarks>
    public bool AnyCoolingDown
    {
        get
        {
            var latest = Volatile.Read(ref _latestCooldownUntil);
            if (latest == 0)
            {
                return false;
            }

            if (_time.GetUtcNow().UtcTicks < latest)
            {
                return true;
            }

            // Every cooldown is over: forget it, unless a newer one started meanwhile.
            Interlocked.CompareExchange(ref _latestCooldownUntil, 0, latest);
            return false;
        }
    }

    /// <summary>Gets how long the route still cools down, or zero.</summary>
    public TimeSpan GetCooldownRemaining(string modelKey)
    {
        if (!_routes.TryGetValue(modelKey, out var h))
        {
            return TimeSpan.Zero;
        }

        var until = h.CooldownUntilTicks;
        if (until == 0)
        {
            return TimeSpan.Zero;
        }

        var remaining = until - _time.GetUtcNow().UtcTicks;
        return remaining > 0 ? TimeSpan.FromTicks(remaining) : TimeSpan.Zero;
    }

    public void RecordSuccess(string modelKey, TimeSpan latency) => Get(modelKey).RecordSuccess(latency);

    /// <summary>Counts a failure; opens the circuit when the threshold is reached in the window, or for a Retry-After.</summary>
    /// <returns>The cooldown started, or <see langword="null"/>.</returns>
    public TimeSpan? RecordFailure(string modelKey, LlmErrorKind kind, TimeSpan? retryAfter)
    {
        if (!Options.Enabled || !CountsTowardCooldown(kind))
        {
            return null;
        }

        var now = _time.GetUtcNow().UtcTicks;
        var health = Get(modelKey);
        if (kind == LlmErrorKind.RateLimited && retryAfter is { } ra && ra > TimeSpan.Zero)
        {
            CoolDownUntil(modelKey, health, Later(now, ra), ra);
            return ra;
        }

        if (health.CountFailure(now, Options.Window.Ticks) >= Options.FailureThreshold)
        {
            CoolDownUntil(modelKey, health, Later(now, Options.Duration), Options.Duration);
            return Options.Duration;
        }

        return null;
    }

    /// <summary>Cools a route down for a given time, as for a 429 whose Retry-After is longer than the retry budget.</summary>
    public void CoolDown(string modelKey, TimeSpan duration)
    {
        if (Options.Enabled && duration > TimeSpan.Zero)
        {
            CoolDownUntil(modelKey, Get(modelKey), Later(_time.GetUtcNow().UtcTicks, duration), duration);
        }
    }

    /// <summary>Applies a cooldown another instance published: the route rests for <paramref name="duration"/> from now on
    /// this instance's clock, unless it already rests longer. Not published again.</summary>
    public void ApplyPublished(string modelKey, TimeSpan duration)
    {
        if (!string.IsNullOrEmpty(modelKey) && duration > TimeSpan.Zero && Options.Enabled)
        {
            CoolDownUntil(modelKey, Get(modelKey), Later(_time.GetUtcNow().UtcTicks, duration), publish: null);
        }
    }

    /// <summary>Stops receiving other instances' cooldowns.</summary>
    public void Dispose() => _subscription.Dispose();

    /// <summary>Cools a route down until an instant, as the health monitor does for the routes of an unhealthy provider.</summary>
    /// <param name="modelKey">The route.</param>
    /// <param name="untilUtcTicks">When the cooldown ends, in UTC ticks; a cooldown that already ends later is kept.</param>
    /// <returns><see langword="true"/> when set; <see langword="false"/> when cooldowns are disabled.</returns>
    public bool CoolDownUntil(string modelKey, long untilUtcTicks)
    {
        if (!Options.Enabled)
        {
            return false;
        }

        // Each instance's monitor checks the providers itself, so its cooldowns are not published to the others.
        CoolDownUntil(modelKey, Get(modelKey), untilUtcTicks, publish: null);
        return true;
    }

    /// <summary>Ends a route's cooldown at once, provided it still ends at <paramref name="untilUtcTicks"/>: one that something
    /// else (a failure, a Retry-After) extended since is left to run.</summary>
    /// <returns><see langword="true"/> when the cooldown was ended.</returns>
    public bool EndCooldown(string modelKey, long untilUtcTicks) =>
        _routes.TryGetValue(modelKey, out var h) && h.EndCooldown(untilUtcTicks, _time.GetUtcNow().UtcTicks);

    public IReadOnlyList<RouteStatus> Snapshot(string provider)
    {
        var list = new List<RouteStatus>();
        var prefix = provider + "/";
        var now = _time.GetUtcNow();
        foreach (var (key, h) in _routes)
        {
            if (!key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var until = h.CooldownUntilTicks;
            var cooling = until > now.UtcTicks;
            list.Add(new RouteStatus(key, cooling, cooling ? new DateTimeOffset(until, TimeSpan.Zero) : null, h.AverageLatency, h.FailuresInWindow(now.UtcTicks, Options.Window.Ticks)));
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.ModelKey, b.ModelKey));
        return list;
    }

    /// <summary>A time <paramref name="after"/> from <paramref name="now"/> (UTC ticks), saturated at the last representable instant, so that
    /// any cooldown the options or a provider's Retry-After ask for (<see cref="TimeSpan.MaxValue"/> included) cools down, never overflows.</summary>
    private static long Later(long now, TimeSpan after)
    {
        var last = DateTimeOffset.MaxValue.UtcTicks;
        return after.Ticks >= last - now ? last : now + after.Ticks;
    }

    private static bool CountsTowardCooldown(LlmErrorKind kind) => kind is
        LlmErrorKind.RateLimited or LlmErrorKind.Unavailable or LlmErrorKind.Timeout or
        LlmErrorKind.Authentication or LlmErrorKind.QuotaExhausted or LlmErrorKind.ModelNotFound or
        LlmErrorKind.Unknown or LlmErrorKind.StreamInterrupted;

    /// <summary>Cools a route down until <paramref name="until"/> (UTC ticks) unless it already rests longer, and publishes
    /// <paramref name="publish"/> (the cooldown's duration) when it was extended, unless that is <see langword="null"/>.</summary>
    private void CoolDownUntil(string modelKey, RouteHealth health, long until, TimeSpan? publish)
    {
        if (!health.CoolDownUntil(until))
        {
            return;
        }

        if (publish is { } duration)
        {
            _channel.Publish(modelKey, duration);
        }

        var latest = Volatile.Read(ref _latestCooldownUntil);
        while (until > latest)
        {
            var seen = Interlocked.CompareExchange(ref _latestCooldownUntil, until, latest);
            if (seen == latest)
            {
                break;
            }

            latest = seen;
        }
    }

    /// <summary>Gets the health of a route, created on first use; a route keeps it to record successes without a lookup.</summary>
    public RouteHealth Get(string modelKey) => _routes.GetOrAdd(modelKey, static _ => new RouteHealth());
}
