namespace LlmRouter;

/// <summary>The result of a provider health check.</summary>
/// <param name="IsHealthy">Whether the provider answered as expected.</param>
/// <param name="Detail">What was found, for people; never contains a secret.</param>
public sealed record ProviderHealth(bool IsHealthy, string? Detail = null)
{
    /// <summary>Gets how long the check took, where measured.</summary>
    public TimeSpan? Latency { get; init; }
}
