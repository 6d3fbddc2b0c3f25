namespace LlmRouter;

/// <summary>
/// The wall-clock time of a <see cref="TimeProvider.GetTimestamp"/> reading, without reading the wall clock each time: the offset
/// between the two clocks is taken once and taken again once the timestamps have moved on by a second, so a time is at most that
/// second's drift off (far below what a usage record's timestamp needs) and most attempts read one clock instead of two. Thread-safe.
/// </summary>
internal sealed class WallClock
{
    private readonly TimeProvider _time;
    private readonly long _refreshAfter;
    private Anchor? _anchor;

    public WallClock(TimeProvider time)
    {
        _time = time;
        _refreshAfter = time.TimestampFrequency; // one second of timestamps
    }

    /// <summary>Gets the wall-clock time (UTC) of a timestamp taken from the same <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset At(long timestamp)
    {
        var anchor = Volatile.Read(ref _anchor);
        if (anchor is null || timestamp - anchor.Timestamp >= _refreshAfter)
        {
            // The wall clock is read after the timestamp, so the anchor's pair is never in the future of a later timestamp.
            var at = _time.GetTimestamp();
            anchor = new Anchor(at, _time.GetUtcNow());
            Volatile.Write(ref _anchor, anchor);
        }

        return anchor.UtcNow + _time.GetElapsedTime(anchor.Timestamp, timestamp);
    }

    private sealed record Anchor(long Timestamp, DateTimeOffset UtcNow);
}
