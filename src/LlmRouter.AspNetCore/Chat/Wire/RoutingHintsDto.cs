namespace LlmRouter.AspNetCore;

/// <summary>The <c>llmrouter</c> extension of a chat request: routing hints for <c>"model": "auto"</c>.</summary>
internal sealed class RoutingHintsDto
{
    public string? Strategy { get; set; }

    public string? MinTier { get; set; }

    public string? MaxTier { get; set; }

    public decimal? MaxCost { get; set; }

    public double? QualityTarget { get; set; }

    public List<string>? Models { get; set; }
}
