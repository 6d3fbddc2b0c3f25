namespace LlmRouter.AspNetCore;

/// <summary>A completion's token usage, OpenAI's way: prompt tokens include cached ones, completion tokens include reasoning ones.</summary>
internal sealed class UsageDto
{
    public long PromptTokens { get; init; }

    public long CompletionTokens { get; init; }

    public long TotalTokens { get; init; }

    public PromptTokensDetailsDto? PromptTokensDetails { get; init; }

    public CompletionTokensDetailsDto? CompletionTokensDetails { get; init; }
}
