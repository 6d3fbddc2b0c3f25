namespace LlmRouter;

/// <summary>How transient failures (rate limits, unavailability, timeouts) are retried on the same route.</summary>
public sealed class RetryOptions
{
    /// <summary>Gets or sets the most retries per route after the first attempt.</summary>
    /// <value>3. 0 turns retries off; at most 100.</value>
    public int MaxRetries { get; set; } = LlmRouterDefaults.MaxRetries;

    /// <summary>Gets or sets the first backoff delay; each retry doubles it (1 s, 2 s, 4 s).</summary>
    /// <value>1 second. Must be positive and at most 24 days.</value>
    public TimeSpan BaseDelay { get; set; } = LlmRouterDefaults.BaseDelay;

    /// <summary>Gets or sets the longest the router waits before a retry. A 429 asking for longer cools the route down and moves on.</summary>
    /// <value>30 seconds. Must be at least <see cref="BaseDelay"/> and at most 24 days.</value>
    public TimeSpan MaxDelay { get; set; } = LlmRouterDefaults.MaxDelay;

    /// <summary>Gets or sets a value indicating whether backoff delays are jittered so that many clients do not retry in step.</summary>
    /// <value><see langword="true"/>.</value>
    public bool UseJitter { get; set; } = LlmRouterDefaults.UseJitter;

    /// <inheritdoc/>
    public override string ToString() => $"MaxRetries={MaxRetries}, BaseDelay={BaseDelay}, MaxDelay={MaxDelay}, UseJitter={UseJitter}";
}
