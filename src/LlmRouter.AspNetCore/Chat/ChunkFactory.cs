using Microsoft.Extensions.AI;

namespace LlmRouter.AspNetCore;

/// <summary>Makes the chunks of one streamed completion: the opening one (role), one per update with text or tool calls, the finishing one, and the usage one.</summary>
internal sealed class ChunkFactory
{
    private readonly string _id;
    private readonly long _created;
    private string _model;
    private int _toolCalls;

    public ChunkFactory(string id, long created, string requested)
    {
        _id = id;
        _created = created;
        _model = requested;
    }

    /// <summary>The opening chunk: the assistant's role, no text yet (as OpenAI sends it).</summary>
    public ChatCompletionChunk Start() => Chunk(new DeltaDto { Role = "assistant", Content = string.Empty }, null);

    /// <summary>The chunk of an update, or <see langword="null"/> when it carries no text and no tool call; usage is summed into <paramref name="usage"/>.</summary>
    public ChatCompletionChunk? From(ChatResponseUpdate update, ref UsageDetails? usage)
    {
        if (update.ModelId is { Length: > 0 } reported)
        {
            _model = reported;
        }

        string? text = null;
        List<StreamToolCallDto>? calls = null;
        foreach (var content in update.Contents)
        {
            switch (content)
            {
                case TextContent t when !string.IsNullOrEmpty(t.Text):
                    text = text is null ? t.Text : text + t.Text;
                    break;
                case FunctionCallContent call:
                    (calls ??= []).Add(new StreamToolCallDto
                    {
                        Index = _toolCalls++,
                        Id = call.CallId,
                        Type = "function",
                        Function = new FunctionCallDto { Name = call.Name, Arguments = ChatResponseMapper.Arguments(call) },
                    });
                    break;
                case UsageContent u:
                    (usage ??= new UsageDetails()).Add(u.Details);
                    break;
            }
        }

        return text is null && calls is null ? null : Chunk(new DeltaDto { Content = text, ToolCalls = calls }, null);
    }

    /// <summary>The finishing chunk: why the message ended, and the route (model key, cost, attempts) now that it is known.</summary>
    public ChatCompletionChunk Finish(ChatFinishReason? reason, RouteInfo? route)
    {
        _model = ChatResponseMapper.ModelName(route, _model, _model);
        return new ChatCompletionChunk
        {
            Id = _id,
            Created = _created,
            Model = _model,
            Choices = [new ChunkChoiceDto { Delta = new DeltaDto(), FinishReason = ChatResponseMapper.FinishReason(reason, _toolCalls > 0) }],
            Llmrouter = ChatResponseMapper.Route(route),
        };
    }

    /// <summary>The usage chunk of <c>stream_options.include_usage</c>: no choices, the stream's usage.</summary>
    public ChatCompletionChunk Usage(UsageDetails? usage) => new()
    {
        Id = _id,
        Created = _created,
        Model = _model,
        Choices = [],
        Usage = ChatResponseMapper.Usage(usage ?? new UsageDetails { InputTokenCount = 0, OutputTokenCount = 0 }),
    };

    private ChatCompletionChunk Chunk(DeltaDto delta, string? finishReason) => new()
    {
        Id = _id,
        Created = _created,
        Model = _model,
        Choices = [new ChunkChoiceDto { Delta = delta, FinishReason = finishReason }],
    };
}
