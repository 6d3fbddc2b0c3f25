namespace LlmRouter.AspNetCore;

/// <summary>The completion tokens spent reasoning.</summary>
internal sealed class CompletionTokensDetailsDto
{
    public long ReasoningTokens { get; init; }
}
