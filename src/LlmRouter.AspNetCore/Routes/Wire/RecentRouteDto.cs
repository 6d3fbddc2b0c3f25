namespace LlmRouter.AspNetCore;

/// <summary>One chat request the gateway served (or failed): when, for whom, what was asked, the route, its cost and every attempt.</summary>
internal sealed class RecentRouteDto
{
    public DateTimeOffset Time { get; init; }

    public string? Tenant { get; init; }

    public required string Requested { get; init; }

    public bool Stream { get; init; }

    public int Status { get; init; }

    public string? Provider { get; init; }

    public string? Model { get; init; }

    public string? Strategy { get; init; }

    public string? Reason { get; init; }

    public decimal Cost { get; init; }

    public double DurationMs { get; init; }

    public string? Error { get; init; }

    public required List<AttemptDto> Attempts { get; init; }
}
