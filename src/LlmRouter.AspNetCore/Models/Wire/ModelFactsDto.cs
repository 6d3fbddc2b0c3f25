namespace LlmRouter.AspNetCore;

/// <summary>The <c>llmrouter</c> extension of a listed model: tier, window, prices, capabilities and aliases.</summary>
internal sealed class ModelFactsDto
{
    public required string Tier { get; init; }

    public int ContextWindow { get; init; }

    public int MaxOutputTokens { get; init; }

    public decimal InputPerMillion { get; init; }

    public decimal OutputPerMillion { get; init; }

    public required List<string> Capabilities { get; init; }

    public required List<string> Aliases { get; init; }
}
