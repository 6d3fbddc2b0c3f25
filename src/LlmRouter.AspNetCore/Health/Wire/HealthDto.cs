namespace LlmRouter.AspNetCore;

/// <summary>The answer of <c>GET /health</c>: <c>ok</c>, <c>degraded</c> (some configured provider unhealthy) or <c>unavailable</c> (none healthy).</summary>
internal sealed class HealthDto
{
    public required string Status { get; init; }

    public DateTimeOffset CheckedAt { get; init; }

    public required List<ProviderHealthDto> Providers { get; init; }
}
