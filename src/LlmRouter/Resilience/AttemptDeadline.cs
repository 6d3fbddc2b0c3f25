namespace LlmRouter;

/// <summary>
/// The attempt timeout as a shared deadline. Attempts that start within one short slot share one token, cancelled once
/// the slot's last attempt has had the whole timeout; so an attempt gets at least the timeout and at most one slot more,
/// and no attempt pays for a timer or a <see cref="CancellationTokenSource"/> of its own. Thread-safe.
/// </summary>
/// <remarks>
/// A slot is <see cref="LlmRouterDefaults.AttemptDeadlineSlot"/> wide, or a 32nd of the timeout when that is shorter
/// (5 s → 156 ms). Its timer runs on the injected <see cref="TimeProvider"/>, so tests move it with a fake clock.
/// </remarks>
internal sealed class AttemptDeadline
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _slotWidth;
    private readonly long _slotTimestampTicks;
    private readonly TimeSpan _cancelAfter;
    private Slot? _current;

    /// <param name="timeout">The attempt timeout, or <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="time">The clock.</param>
    public AttemptDeadline(TimeSpan timeout, TimeProvider time)
    {
        Timeout = timeout;
        _time = time;
        if (IsEnabled)
        {
            _slotWidth = TimeSpan.FromTicks(Math.Max(1, Math.Min(LlmRouterDefaults.AttemptDeadlineSlot.Ticks, timeout.Ticks / 32)));
            _slotTimestampTicks = Math.Max(1, (long)(_slotWidth.TotalSeconds * time.TimestampFrequency));
            _cancelAfter = timeout + _slotWidth;
        }
    }

    /// <summary>Gets the attempt timeout.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Gets a value indicating whether attempts have a deadline at all.</summary>
    public bool IsEnabled => Timeout != System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>Gets the token of an attempt that starts at <paramref name="startTimestamp"/>: cancelled no sooner than the timeout after it.</summary>
    /// <param name="startTimestamp">The attempt's start, from <see cref="TimeProvider.GetTimestamp"/>.</param>
    /// <returns>The shared token, or <see cref="CancellationToken.None"/> when there is no timeout.</returns>
    public CancellationToken GetToken(long startTimestamp)
    {
        if (!IsEnabled)
        {
            return CancellationToken.None;
        }

        var slot = Volatile.Read(ref _current);
        return slot is not null && startTimestamp >= slot.OpenedAt && startTimestamp - slot.OpenedAt < _slotTimestampTicks
            ? slot.Token
            : Open(startTimestamp, slot);
    }

    private CancellationToken Open(long now, Slot? seen)
    {
        var fresh = new Slot(now);
        var winner = Interlocked.CompareExchange(ref _current, fresh, seen);
        if (winner != seen)
        {
            // Another attempt opened a slot meanwhile; use it when this attempt falls inside it (it opened no later).
            if (winner is not null && now >= winner.OpenedAt && now - winner.OpenedAt < _slotTimestampTicks)
            {
                return winner.Token;
            }
        }

        fresh.Arm(_time, _cancelAfter);
        return fresh.Token;
    }

    /// <summary>One slot: a token cancelled by one timer, <c>timeout + slot width</c> after the slot opened.</summary>
    private sealed class Slot
    {
        private readonly CancellationTokenSource _source = new();
        private ITimer? _timer;

        public Slot(long openedAt)
        {
            OpenedAt = openedAt;
            Token = _source.Token;
        }

        public long OpenedAt { get; }

        public CancellationToken Token { get; }

        public void Arm(TimeProvider time, TimeSpan after)
        {
            _timer = time.CreateTimer(static s => ((Slot)s!).Fire(), this, after, System.Threading.Timeout.InfiniteTimeSpan);
        }

        private void Fire()
        {
            // The source is not disposed: attempts may still hold its token; it has no timer of its own to release.
            _source.Cancel();
            _timer?.Dispose();
        }
    }
}
