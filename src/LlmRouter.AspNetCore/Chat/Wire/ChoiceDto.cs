using System.Text.Json.Serialization;

namespace LlmRouter.AspNetCore;

/// <summary>The one choice of a <c>chat.completion</c>.</summary>
internal sealed class ChoiceDto
{
    public int Index { get; init; }

    public required ResponseMessageDto Message { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; init; }
}
