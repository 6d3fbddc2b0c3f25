using System.Text.Json.Serialization;

namespace LlmRouter.AspNetCore;

/// <summary>The body of OpenAI's error envelope.</summary>
internal sealed class ErrorDto
{
    public required string Message { get; init; }

    public required string Type { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Param { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Code { get; init; }
}
