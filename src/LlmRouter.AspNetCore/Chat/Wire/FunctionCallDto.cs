namespace LlmRouter.AspNetCore;

/// <summary>The function a tool call names and its arguments as a JSON string.</summary>
internal sealed class FunctionCallDto
{
    public string? Name { get; set; }

    public string? Arguments { get; set; }
}
