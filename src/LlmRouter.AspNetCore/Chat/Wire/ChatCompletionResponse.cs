namespace LlmRouter.AspNetCore;

/// <summary>A <c>chat.completion</c>: the answer to a non-streaming chat request.</summary>
internal sealed class ChatCompletionResponse
{
    public required string Id { get; init; }

    public string Object => "chat.completion";

    public long Created { get; init; }

    public required string Model { get; init; }

    public required List<ChoiceDto> Choices { get; init; }

    public UsageDto? Usage { get; init; }

    /// <summary>Gets how the request was routed (an extension field clients ignore).</summary>
    public RouteDto? Llmrouter { get; init; }
}
