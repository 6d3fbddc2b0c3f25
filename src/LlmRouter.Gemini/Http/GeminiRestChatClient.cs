using System.Runtime.CompilerServices;
using LlmRouter.Gemini.Mapping;
using LlmRouter.Gemini.Wire;
using Microsoft.Extensions.AI;

namespace LlmRouter.Gemini.Http;

/// <summary>The raw <see cref="IChatClient"/> over Gemini's native <c>generateContent</c> and <c>streamGenerateContent</c> (SSE), which
/// <see cref="Chat.GeminiChatClient"/> wraps in LlmRouter's provider contract.</summary>
/// <remarks><see cref="ChatOptions.ModelId"/>, when set, overrides the client's model for that call.</remarks>
internal sealed class GeminiRestChatClient : IChatClient
{
    private readonly GeminiApi _api;
    private readonly string _modelId;
    private readonly ChatClientMetadata _metadata;

    public GeminiRestChatClient(GeminiApi api, string modelId)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        _api = api;
        _modelId = modelId;
        _metadata = new ChatClientMetadata(GeminiProvider.ProviderName, api.BaseAddress, modelId);
    }

    /// <inheritdoc/>
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var model = ModelFor(options);
        var request = GeminiMapper.ToRequest(messages, options, model);
        var response = await _api.SendAsync(
            HttpMethod.Post,
            GeminiApi.ModelPath(model, "generateContent"),
            GeminiApi.Serialize(request, GeminiJsonContext.Default.GeminiGenerateContentRequest),
            GeminiJsonContext.Default.GeminiGenerateContentResponse,
            model,
            cancellationToken).ConfigureAwait(false);
        var result = GeminiMapper.ToChatResponse(response, model);
        result.CreatedAt ??= _api.TimeProvider.GetUtcNow();
        return result;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var model = ModelFor(options);
        var request = GeminiMapper.ToRequest(messages, options, model);
        var body = GeminiApi.Serialize(request, GeminiJsonContext.Default.GeminiGenerateContentRequest);
        var state = new GeminiStreamState(model);
        await foreach (var chunk in _api.StreamAsync(GeminiApi.ModelPath(model, "streamGenerateContent") + "?alt=sse", body, model, cancellationToken).ConfigureAwait(false))
        {
            if (GeminiMapper.ToUpdate(chunk, state) is { } update)
            {
                update.CreatedAt ??= _api.TimeProvider.GetUtcNow();
                yield return update;
            }
        }

        if (state.FinishReason is null)
        {
            // No finish reason: the stream ended early (a proxy or the connection closed it cleanly). Never end silently.
            throw new LlmException(LlmErrorKind.Unavailable, $"Gemini/{model} ended its stream before it finished (no finishReason); the answer is incomplete.")
            {
                Provider = GeminiProvider.ProviderName,
                Model = model,
            };
        }

        if (GeminiMapper.ToUsageUpdate(state) is { } usage)
        {
            usage.CreatedAt ??= _api.TimeProvider.GetUtcNow();
            yield return usage;
        }
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // The provider owns the HttpClient.
    }

    private string ModelFor(ChatOptions? options) => string.IsNullOrWhiteSpace(options?.ModelId) ? _modelId : options.ModelId;
}
