using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Tests.Resilience;

public class AttemptDeadlineTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void AttemptDeadline_AttemptsWithinOneSlot_ShareOneToken()
    {
        var deadline = new AttemptDeadline(TimeSpan.FromSeconds(100), _time);

        var first = deadline.GetToken(_time.GetTimestamp());
        _time.Advance(TimeSpan.FromMilliseconds(900));
        var second = deadline.GetToken(_time.GetTimestamp());
        _time.Advance(TimeSpan.FromMilliseconds(200));
        var third = deadline.GetToken(_time.GetTimestamp());

        Assert.Equal(first, second);
        Assert.NotEqual(first, third);
    }

    [Fact]
    public void AttemptDeadline_Token_IsCancelledNoSoonerThanTheTimeoutAndAtMostOneSlotLater()
    {
        var deadline = new AttemptDeadline(TimeSpan.FromSeconds(100), _time);
        var opener = deadline.GetToken(_time.GetTimestamp());
        _time.Advance(TimeSpan.FromMilliseconds(999));
        var last = deadline.GetToken(_time.GetTimestamp()); // the slot's latest attempt

        Assert.Equal(opener, last);
        _time.Advance(TimeSpan.FromSeconds(100));
        Assert.False(last.IsCancellationRequested); // the slot's latest attempt has had the whole timeout
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(opener.IsCancellationRequested); // the opener had 101 s: the timeout and one 1 s slot
    }

    [Fact]
    public void AttemptDeadline_ShortTimeout_UsesA32ndOfItAsTheSlot()
    {
        var deadline = new AttemptDeadline(TimeSpan.FromSeconds(3.2), _time);
        var token = deadline.GetToken(_time.GetTimestamp());

        _time.Advance(TimeSpan.FromSeconds(3.2) + TimeSpan.FromMilliseconds(99));
        Assert.False(token.IsCancellationRequested);
        _time.Advance(TimeSpan.FromMilliseconds(2));
        Assert.True(token.IsCancellationRequested);
    }

    [Fact]
    public void AttemptDeadline_InfiniteTimeout_GivesATokenThatNeverCancels()
    {
        var deadline = new AttemptDeadline(Timeout.InfiniteTimeSpan, _time);

        Assert.False(deadline.IsEnabled);
        Assert.False(deadline.GetToken(_time.GetTimestamp()).CanBeCanceled);
    }
}
