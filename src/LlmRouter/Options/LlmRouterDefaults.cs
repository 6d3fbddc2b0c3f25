namespace LlmRouter;

/// <summary>The defaults and limits of the router's options and internal timings, in one place.</summary>
internal static class LlmRouterDefaults
{
    /// <summary>The default strategy (<see cref="LlmRouterOptions.Strategy"/>).</summary>
    public const string Strategy = "complexity";

    /// <summary>The strategy name of a plan made by <see cref="Microsoft.Extensions.AI.ChatOptions.ModelId"/>.</summary>
    public const string DirectStrategy = "direct";

    /// <summary>Retries per route for transient failures (<see cref="RetryOptions.MaxRetries"/>).</summary>
    public const int MaxRetries = 3;

    /// <summary>The most retries per route the options accept.</summary>
    public const int MaxRetriesLimit = 100;

    /// <summary>The first backoff (<see cref="RetryOptions.BaseDelay"/>).</summary>
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff (<see cref="RetryOptions.MaxDelay"/>).</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>Whether backoff is jittered (<see cref="RetryOptions.UseJitter"/>).</summary>
    public const bool UseJitter = true;

    /// <summary>How long one attempt may take (<see cref="LlmRouterOptions.AttemptTimeout"/>).</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(100);

    /// <summary>The longest extra time an attempt may get past <see cref="LlmRouterOptions.AttemptTimeout"/>: attempts that start
    /// within one slot of this width (or a 32nd of the timeout, if shorter) share one deadline timer.</summary>
    public static readonly TimeSpan AttemptDeadlineSlot = TimeSpan.FromSeconds(1);

    /// <summary>The longest <see cref="LlmRouterOptions.AttemptTimeout"/>, <see cref="RetryOptions.BaseDelay"/> and
    /// <see cref="RetryOptions.MaxDelay"/> the options accept: what every timer (<see cref="TimeProvider.CreateTimer"/>, Polly's delays) can wait.</summary>
    public static readonly TimeSpan LongestTimerDelay = TimeSpan.FromDays(24);

    /// <summary>Whether a stream that broke after output was sent is continued on the next route (<see cref="LlmRouterOptions.ContinueOnStreamFailure"/>).</summary>
    public const bool ContinueOnStreamFailure = false;

    /// <summary>What the next route is asked, after the caller's messages and the broken answer, to continue a stream.</summary>
    public const string ContinuationInstruction =
        "Your previous answer was cut off. Continue it exactly where it stopped: do not repeat anything already written, add no preamble, and keep the same language and format.";

    /// <summary>The room kept for the answer when a conversation is trimmed to a window (<see cref="ContextTrimmingOptions.ReservedOutputTokens"/>).</summary>
    public const int ReservedOutputTokens = 4_096;

    /// <summary>
    /// The share of what the estimate said fits that a conversation is trimmed to before it is sent again, after a provider answered
    /// <see cref="LlmErrorKind.ContextTooLong"/> to it (so the estimate was low for this text).
    /// </summary>
    public const double ContextTooLongRetryShare = 0.8;

    /// <summary>Failures within the window that open a route's circuit (<see cref="CooldownOptions.FailureThreshold"/>).</summary>
    public const int CooldownFailureThreshold = 5;

    /// <summary>The window failures are counted in (<see cref="CooldownOptions.Window"/>).</summary>
    public static readonly TimeSpan CooldownWindow = TimeSpan.FromSeconds(60);

    /// <summary>How long an open circuit skips its route (<see cref="CooldownOptions.Duration"/>).</summary>
    public static readonly TimeSpan CooldownDuration = TimeSpan.FromSeconds(30);

    /// <summary>How often the health monitor checks every provider (<see cref="HealthMonitoringOptions.Interval"/>).</summary>
    public static readonly TimeSpan HealthCheckInterval = TimeSpan.FromSeconds(30);

    /// <summary>How long one provider's health check may take (<see cref="HealthMonitoringOptions.Timeout"/>).</summary>
    public static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The longest <see cref="HealthMonitoringOptions.Interval"/> and <see cref="HealthMonitoringOptions.Timeout"/> accepted.</summary>
    public static readonly TimeSpan MaxHealthCheckPeriod = TimeSpan.FromDays(1);

    /// <summary>The quality the <c>smart</c> strategy's choice must be predicted to reach (<see cref="SmartRoutingOptions.QualityTarget"/>).</summary>
    public const double QualityTarget = 0.8;

    /// <summary>How often the models local servers list are refreshed.</summary>
    public static readonly TimeSpan DiscoveryInterval = TimeSpan.FromMinutes(5);

    /// <summary>How long one provider may take to list its models before the router carries on without them.</summary>
    public static readonly TimeSpan DiscoveryTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The shortest time between two refreshes forced by requests for unknown models.</summary>
    public static readonly TimeSpan ForcedDiscoveryMinInterval = TimeSpan.FromSeconds(10);
}
