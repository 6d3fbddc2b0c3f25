using System.Text.Json;

namespace LlmRouter.AspNetCore;

/// <summary>A function tool's declaration: name, description, JSON schema of its parameters, and strictness.</summary>
internal sealed class FunctionDto
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public JsonElement? Parameters { get; set; }

    public bool? Strict { get; set; }
}
