namespace LlmRouter.AspNetCore;

/// <summary>A <c>chat.completion.chunk</c>: one server-sent event of a streaming chat response.</summary>
internal sealed class ChatCompletionChunk
{
    public required string Id { get; init; }

    public string Object => "chat.completion.chunk";

    public long Created { get; init; }

    public required string Model { get; init; }

    public required List<ChunkChoiceDto> Choices { get; init; }

    public UsageDto? Usage { get; init; }

    /// <summary>Gets how the request was routed; on the finishing chunk only.</summary>
    public RouteDto? Llmrouter { get; init; }
}
