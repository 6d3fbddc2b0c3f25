namespace LlmRouter.AspNetCore;

/// <summary>The answer of <c>POST /v1/embeddings</c>: one vector per input, in order.</summary>
internal sealed class EmbeddingResponse
{
    public string Object => "list";

    public required List<EmbeddingDto> Data { get; init; }

    public required string Model { get; init; }

    public required EmbeddingUsageDto Usage { get; init; }
}
