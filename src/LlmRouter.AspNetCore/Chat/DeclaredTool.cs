using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmRouter.AspNetCore;

/// <summary>A function tool a caller declared: the model may call it, the caller runs it (the gateway never invokes tools).</summary>
internal sealed class DeclaredTool : AIFunctionDeclaration
{
    private static readonly IReadOnlyDictionary<string, object?> Strict = new Dictionary<string, object?> { ["strict"] = true };
    private static readonly IReadOnlyDictionary<string, object?> None = new Dictionary<string, object?>();

    public DeclaredTool(string name, string? description, JsonElement schema, bool strict)
    {
        Name = name;
        Description = description ?? string.Empty;
        JsonSchema = schema;
        AdditionalProperties = strict ? Strict : None;
    }

    public override string Name { get; }

    public override string Description { get; }

    public override JsonElement JsonSchema { get; }

    public override IReadOnlyDictionary<string, object?> AdditionalProperties { get; }
}
