namespace LlmRouter;

/// <summary>A registered provider's state as the router sees it: configured, healthy, and each route's cooldown and latency.</summary>
/// <param name="Name">The provider's name.</param>
/// <param name="IsConfigured">Whether it can take traffic.</param>
/// <param name="IsHealthy">Whether its health check passed.</param>
/// <param name="Detail">Why it is unconfigured or unhealthy, or what its health check said.</param>
public sealed record ProviderStatus(string Name, bool IsConfigured, bool IsHealthy, string? Detail)
{
    /// <summary>Gets a value indicating whether the provider runs locally.</summary>
    public bool IsLocal { get; init; }

    /// <summary>Gets how long the health check took.</summary>
    public TimeSpan? Latency { get; init; }

    /// <summary>Gets the state of each of the provider's routes (models) that the router has used or that are cooling down.</summary>
    public IReadOnlyList<RouteStatus> Routes { get; init; } = [];
}
