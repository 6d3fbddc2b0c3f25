namespace LlmRouter.AspNetCore;

/// <summary>The tokens an embedding request used.</summary>
internal sealed class EmbeddingUsageDto
{
    public long PromptTokens { get; init; }

    public long TotalTokens { get; init; }
}
