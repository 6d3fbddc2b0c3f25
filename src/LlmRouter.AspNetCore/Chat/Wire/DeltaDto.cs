namespace LlmRouter.AspNetCore;

/// <summary>What a chunk adds to the assistant's message: the role (first chunk), text, or tool calls.</summary>
internal sealed class DeltaDto
{
    public string? Role { get; init; }

    public string? Content { get; init; }

    public List<StreamToolCallDto>? ToolCalls { get; init; }

    public string? Refusal { get; init; }
}
