namespace LlmRouter;

/// <summary>How the optional health monitor (<c>AddHealthMonitoring()</c>) checks the providers.</summary>
public sealed class HealthMonitoringOptions
{
    /// <summary>Gets or sets the time between the end of one round of checks and the start of the next.</summary>
    /// <value>30 seconds. Positive, at most one day.</value>
    public TimeSpan Interval { get; set; } = LlmRouterDefaults.HealthCheckInterval;

    /// <summary>Gets or sets how long one provider's <see cref="ILlmProvider.CheckHealthAsync"/> may take; past it the provider counts as unhealthy.</summary>
    /// <value>5 seconds. Positive, at most one day.</value>
    public TimeSpan Timeout { get; set; } = LlmRouterDefaults.HealthCheckTimeout;
}
