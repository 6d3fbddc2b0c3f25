using System.Text.Json;

namespace LlmRouter.AspNetCore;

/// <summary>The schema of a <c>json_schema</c> response format.</summary>
internal sealed class JsonSchemaDto
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public JsonElement? Schema { get; set; }

    public bool? Strict { get; set; }
}
