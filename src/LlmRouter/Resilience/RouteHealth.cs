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
            lock (_gate)
            {
                return _latencyTicks < 0 ? null : TimeSpan.FromTicks((long)_latencyTicks);
            }
        }
    }

    public void RecordSuccess(TimeSpan latency)
    {
        lock (_gate)
        {
            _latencyTicks = _latencyTicks < 0 ? latency.Ticks : (_latencyTicks * (1 - Smoothing)) + (latency.Ticks * Smoothing);
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

    public void CoolDownUntil(long until)
    {
        lock (_gate)
        {
            if (until > _cooldownUntil)
            {
                _cooldownUntil = until;
            }

            // A route that opened starts a fresh window when it comes back.
            _failures = 0;
            _windowStart = until;
        }
    }
}
