using System.Text.Json.Serialization;

namespace LlmRouter.AspNetCore;

/// <summary>The assistant's message in a <c>chat.completion</c>: its text (null when it only calls tools) and tool calls.</summary>
internal sealed class ResponseMessageDto
{
    public string Role => "assistant";

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Content { get; init; }

    public List<ToolCallDto>? ToolCalls { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Refusal { get; init; }
}
