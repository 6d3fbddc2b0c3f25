namespace LlmRouter.AspNetCore;

/// <summary>One provider's state: configured, healthy, local, the health check's latency, and its routes' state.</summary>
internal sealed class ProviderHealthDto
{
    public required string Name { get; init; }

    public bool Configured { get; init; }

    public bool Healthy { get; init; }

    public bool Local { get; init; }

    public double? LatencyMs { get; init; }

    public string? Detail { get; init; }

    public List<RouteHealthDto>? Routes { get; init; }
}
