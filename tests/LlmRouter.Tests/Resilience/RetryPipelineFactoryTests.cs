namespace LlmRouter.Tests.Resilience;

public class RetryPipelineFactoryTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(10, 30)]
    public void RetryPipelineFactory_ComputeDelay_DoublesFromBaseDelayUpToMaxDelay(int attempt, int expectedSeconds)
    {
        var retry = new RetryOptions { UseJitter = false };

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RetryPipelineFactory.ComputeDelay(retry, attempt, null));
    }

    [Fact]
    public void RetryPipelineFactory_ComputeDelay_NeverSoonerThanRetryAfter()
    {
        var retry = new RetryOptions { UseJitter = true };

        for (var i = 0; i < 100; i++)
        {
            Assert.True(RetryPipelineFactory.ComputeDelay(retry, 0, TimeSpan.FromSeconds(3)) >= TimeSpan.FromSeconds(3));
        }
    }

    [Fact]
    public void RetryPipelineFactory_ComputeDelay_JittersWithinTwentyPercent()
    {
        var retry = new RetryOptions { UseJitter = true };
        var delays = Enumerable.Range(0, 200).Select(_ => RetryPipelineFactory.ComputeDelay(retry, 1, null)).ToArray();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromSeconds(1.6), TimeSpan.FromSeconds(2.4)));
        Assert.True(delays.Distinct().Count() > 1, "jitter should vary the delay");
    }

    [Theory]
    [InlineData(LlmErrorKind.RateLimited, true)]
    [InlineData(LlmErrorKind.Unavailable, true)]
    [InlineData(LlmErrorKind.Timeout, true)]
    [InlineData(LlmErrorKind.Authentication, false)]
    [InlineData(LlmErrorKind.InvalidRequest, false)]
    [InlineData(LlmErrorKind.ContextTooLong, false)]
    public void RetryPipelineFactory_IsRetryable_OnlyTransientKinds(LlmErrorKind kind, bool expected)
    {
        Assert.Equal(expected, RetryPipelineFactory.IsRetryable(new LlmException(kind, "x"), TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void RetryPipelineFactory_IsRetryable_NotWhenRetryAfterExceedsMaxDelay()
    {
        var error = new LlmException(LlmErrorKind.RateLimited, "slow down") { RetryAfter = TimeSpan.FromMinutes(1) };

        Assert.False(RetryPipelineFactory.IsRetryable(error, TimeSpan.FromSeconds(30)));
        Assert.False(RetryPipelineFactory.IsRetryable(new InvalidOperationException(), TimeSpan.FromSeconds(30)));
    }
}
