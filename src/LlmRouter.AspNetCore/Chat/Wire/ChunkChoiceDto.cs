using System.Text.Json.Serialization;

namespace LlmRouter.AspNetCore;

/// <summary>The one choice of a chunk: what the message gained, and why it finished on the last one.</summary>
internal sealed class ChunkChoiceDto
{
    public int Index { get; init; }

    public required DeltaDto Delta { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; init; }
}
