using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>
/// The <see cref="IChatClient"/> that dependency injection hands out: it routes each request to a model, retries and fails over,
/// and meters every attempt. Read how a response was routed with <c>response.GetRouteInfo()</c>.
/// </summary>
/// <remarks>Set <see cref="ChatOptions.ModelId"/> to a model key, id or alias to pick a model directly; attach <see cref="RoutingHints"/> with <c>options.WithRouting(…)</c>.</remarks>
public sealed class RouterChatClient : IChatClient
{
    private readonly RouterEngine _engine;
    private readonly string? _pinnedModel;
    private readonly ChatClientMetadata _metadata;

    internal RouterChatClient(RouterEngine engine, string? pinnedModel = null)
    {
        _engine = engine;
        _pinnedModel = pinnedModel;
        _metadata = new ChatClientMetadata("llmrouter", defaultModelId: pinnedModel);
    }

    /// <summary>Gets the router's planning, provider and comparison operations.</summary>
    public ILlmRouter Router => _engine;

    /// <inheritdoc/>
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        _engine.GetResponseAsync(messages, Pin(options), null, cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        _engine.GetStreamingResponseAsync(messages, Pin(options), cancellationToken);

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        if (serviceType == typeof(ILlmRouter))
        {
            return _engine;
        }

        if (serviceType == typeof(ModelCatalog))
        {
            return _engine.Catalog;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Does nothing: the router's lifetime is the container's.</summary>
    public void Dispose()
    {
    }

    private ChatOptions? Pin(ChatOptions? options)
    {
        if (_pinnedModel is null || options?.ModelId is { Length: > 0 })
        {
            return options;
        }

        var pinned = options?.Clone() ?? new ChatOptions();
        pinned.ModelId = _pinnedModel;
        return pinned;
    }
}
