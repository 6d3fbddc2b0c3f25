namespace LlmRouter.AspNetCore;

/// <summary>The prompt tokens read from the provider's cache.</summary>
internal sealed class PromptTokensDetailsDto
{
    public long CachedTokens { get; init; }
}
