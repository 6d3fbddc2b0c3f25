using System.Text.Json.Serialization;

namespace LlmRouter.AspNetCore;

/// <summary>One message of a chat request: <c>system</c>, <c>developer</c>, <c>user</c>, <c>assistant</c> (with tool calls) or <c>tool</c> (a tool's result).</summary>
internal sealed class ChatMessageDto
{
    public string? Role { get; set; }

    [JsonConverter(typeof(MessageContentConverter))]
    public MessageContent? Content { get; set; }

    public string? Name { get; set; }

    public List<ToolCallDto?>? ToolCalls { get; set; }

    public string? ToolCallId { get; set; }

    public string? Refusal { get; set; }
}
