using System.Text.Json.Serialization;

namespace LlmRouter.AspNetCore;

/// <summary>The body of <c>POST /v1/embeddings</c>.</summary>
internal sealed class EmbeddingRequest
{
    public string? Model { get; set; }

    [JsonConverter(typeof(EmbeddingInputConverter))]
    public EmbeddingInput? Input { get; set; }

    public string? EncodingFormat { get; set; }

    public int? Dimensions { get; set; }

    public string? User { get; set; }
}
