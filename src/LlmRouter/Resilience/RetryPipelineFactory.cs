using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace LlmRouter;

/// <summary>Builds the per-route retry pipeline (Polly.Core): exponential backoff with jitter, never sooner than Retry-After, and an attempt timeout.</summary>
internal static class RetryPipelineFactory
{
    public static ResiliencePipeline Create(RetryOptions retry, TimeSpan attemptTimeout, TimeProvider timeProvider, bool withTimeout)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider, Name = "LlmRouter.Route" };
        if (retry.MaxRetries > 0)
        {
            var maxDelay = retry.MaxDelay;
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retry.MaxRetries,
                ShouldHandle = args => new ValueTask<bool>(IsRetryable(args.Outcome.Exception, maxDelay)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(ComputeDelay(retry, args.AttemptNumber, (args.Outcome.Exception as LlmException)?.RetryAfter)),
            });
        }

        if (withTimeout && attemptTimeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(new TimeoutStrategyOptions { Timeout = attemptTimeout });
        }

        return builder.Build();
    }

    /// <summary>Transient errors are retried on the same route, except a 429 that asks to wait longer than <see cref="RetryOptions.MaxDelay"/>.</summary>
    public static bool IsRetryable(Exception? exception, TimeSpan maxDelay) =>
        exception is LlmException { IsTransient: true } e && !(e.RetryAfter > maxDelay);

    /// <summary>BaseDelay × 2^attempt (1 s, 2 s, 4 s), jittered by ±20 %, capped at MaxDelay, never below Retry-After.</summary>
    public static TimeSpan ComputeDelay(RetryOptions retry, int attemptNumber, TimeSpan? retryAfter)
    {
        var ticks = retry.BaseDelay.Ticks * Math.Pow(2, Math.Min(attemptNumber, 30));
        if (retry.UseJitter)
        {
            ticks *= 0.8 + (Random.Shared.NextDouble() * 0.4);
        }

        var delay = TimeSpan.FromTicks((long)Math.Min(ticks, retry.MaxDelay.Ticks));
        return retryAfter is { } ra && ra > delay ? ra : delay;
    }
}
