namespace LlmRouter.AspNetCore;

/// <summary>One route's observed state: cooling down, average latency, recent failures.</summary>
internal sealed class RouteHealthDto
{
    public required string Model { get; init; }

    public bool CoolingDown { get; init; }

    public DateTimeOffset? CooldownUntil { get; init; }

    public double? AverageLatencyMs { get; init; }

    public int RecentFailures { get; init; }
}
