using System.Text.Json.Serialization;

namespace LlmRouter.AspNetCore;

/// <summary>One embedding: its input's index and the vector.</summary>
internal sealed class EmbeddingDto
{
    public string Object => "embedding";

    public int Index { get; init; }

    [JsonConverter(typeof(EmbeddingVectorConverter))]
    public required EmbeddingVector Embedding { get; init; }
}
