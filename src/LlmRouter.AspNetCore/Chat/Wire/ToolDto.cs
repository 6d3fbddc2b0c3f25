namespace LlmRouter.AspNetCore;

/// <summary>A tool the model may call: <c>{"type":"function","function":{…}}</c>.</summary>
internal sealed class ToolDto
{
    public string? Type { get; set; }

    public FunctionDto? Function { get; set; }
}
