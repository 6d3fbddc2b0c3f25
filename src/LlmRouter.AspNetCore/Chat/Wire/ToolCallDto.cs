namespace LlmRouter.AspNetCore;

/// <summary>A tool call an assistant made: in a request's history, and in a response's message.</summary>
internal sealed class ToolCallDto
{
    public string? Id { get; set; }

    public string? Type { get; set; }

    public FunctionCallDto? Function { get; set; }
}
