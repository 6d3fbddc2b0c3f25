namespace LlmRouter.AspNetCore;

/// <summary>OpenAI's error envelope: <c>{"error":{"message","type","param","code"}}</c>.</summary>
internal sealed class ErrorEnvelope
{
    public required ErrorDto Error { get; init; }
}
