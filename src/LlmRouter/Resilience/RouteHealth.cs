namespace LlmRouter;

/// <summary>One route's latency average, failures in the current window and cooldown; kept by <see cref="RouteHealthRegistry"/>. Thread-safe.</summary>
internal sealed class RouteHealth
{
    private const double Smoothing = 0.2;
    private readonly Lock _gate = new();
    private long _cooldownUntil;
    private long _windowStart;
    private int _failures;
    private double _latencyTicks = -1;

    public long CooldownUntilTicks => Volatile.Read(ref _cooldownUntil);

    public TimeSpan? AverageLatency
    {
        get
        {
            var ticks = Volatile.Read(ref _latencyTicks);
            return ticks < 0 ? null : TimeSpan.FromTicks((long)ticks);
        }
    }

    /// <summary>Folds a success's latency into the moving average; lock-free, as it runs on every successful request.</summary>
    public void RecordSuccess(TimeSpan latency)
    {
        var current = Volatile.Read(ref _latencyTicks);
        while (true)
        {
            var next = current < 0 ? latency.Ticks : (current * (1 - Smoothing)) + (latency.Ticks * Smoothing);
            var seen = Interlocked.CompareExchange(ref _latencyTicks, next, current);
            if (seen.Equals(current))
            {
                return;
            }

            current = seen;
        }
    }

    public int CountFailure(long now, long window)
    {
        lock (_gate)
        {
            if (now - _windowStart >= window)
            {
                _windowStart = now;
                _failures = 0;
            }

            return ++_failures;
        }
    }

    public int FailuresInWindow(long now, long window)
    {
        lock (_gate)
        {
            return now - _windowStart >= window ? 0 : _failures;
        }
    }

    /// <summary>Ends the cooldown when it still ends at <paramref name="until"/>; the route starts a fresh failure window.</summary>
    public bool EndCooldown(long until, long now)
    {
        lock (_gate)
        {
            if (_cooldownUntil != until)
            {
                return false;
            }

            _cooldownUntil = 0;
            _failures = 0;
            _windowStart = now;
            return true;
        }
    }

    /// <summary>Rests the route until <paramref name="until"/> (UTC ticks) unless it already rests longer.</summary>
    /// <returns><see langword="true"/> when the cooldown was started or extended.</returns>
    public bool CoolDownUntil(long until)
    {
        lock (_gate)
        {
            var extended = until > _cooldownUntil;
            if (extended)
            {
                _cooldownUntil = until;
            }

            // A route that opened starts a fresh window when it comes back.
            _failures = 0;
            _windowStart = until;
            return extended;
        }
    }
}
