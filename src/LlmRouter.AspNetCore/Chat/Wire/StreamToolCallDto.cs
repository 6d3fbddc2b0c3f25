namespace LlmRouter.AspNetCore;

/// <summary>A tool call in a stream's delta: as <see cref="ToolCallDto"/>, with the call's index.</summary>
internal sealed class StreamToolCallDto
{
    public int Index { get; set; }

    public string? Id { get; set; }

    public string? Type { get; set; }

    public FunctionCallDto? Function { get; set; }
}
