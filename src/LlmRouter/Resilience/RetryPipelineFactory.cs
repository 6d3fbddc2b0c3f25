using Polly;
using Polly.Retry;

namespace LlmRouter;

/// <summary>Builds the per-route retry pipeline (Polly.Core): exponential backoff with jitter, never sooner than Retry-After.</summary>
/// <remarks>
/// The router enters it only after a route's first attempt has failed with a transient error, and the attempt timeout is
/// the attempt's own deadline (<see cref="AttemptDeadline"/>), so the success path runs no pipeline at all.
/// </remarks>
internal static class RetryPipelineFactory
{
    public static ResiliencePipeline Create(RetryOptions retry, TimeProvider timeProvider)
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
