namespace LlmRouter.AspNetCore;

/// <summary>The answer of <c>GET /v1/usage</c>: the caller's tenant's usage, in total and by provider, model and UTC day.</summary>
internal sealed class UsageSummaryDto
{
    public string Object => "llmrouter.usage";

    public string? Tenant { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public long Requests { get; init; }

    public long Successful { get; init; }

    public long Failed { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public long CachedInputTokens { get; init; }

    public decimal Cost { get; init; }

    public double AverageLatencyMs { get; init; }

    public required Dictionary<string, UsageTotalsDto> ByProvider { get; init; }

    public required Dictionary<string, UsageTotalsDto> ByModel { get; init; }

    public required Dictionary<string, UsageTotalsDto> ByDay { get; init; }
}
