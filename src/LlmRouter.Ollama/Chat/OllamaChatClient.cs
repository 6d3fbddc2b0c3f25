using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LlmRouter.Ollama;

/// <summary>
/// Wraps OllamaSharp's <see cref="OllamaSharp.OllamaApiClient"/> for one model: pins the model, fails clearly on what Ollama's API lacks,
/// maps failures with <see cref="OllamaMapper"/> and completes usage, finish reasons and call ids; the stream loop, redaction and the
/// caller's cancellation (OllamaSharp would end a cancelled stream silently) are <see cref="LlmProviderChatClient"/>'s.
/// </summary>
internal sealed class OllamaChatClient : LlmProviderChatClient
{
    private readonly Uri _endpoint;

    public OllamaChatClient(IChatClient inner, Uri endpoint, string model, string? apiKey)
        : base(inner, OllamaProvider.ProviderName, model, [apiKey])
    {
        _endpoint = endpoint;
    }

    /// <summary>Gets the model this client sends to.</summary>
    public string Model => ModelId;

    /// <inheritdoc/>
    /// <remarks>Everything OllamaSharp throws is a failure of the call: the requests it cannot send were refused by <see cref="PrepareRequest"/>.</remarks>
    protected override bool IsCallerError(Exception exception) => false;

    /// <inheritdoc/>
    protected override LlmException MapException(Exception exception, string modelId) => OllamaMapper.ToLlmException(exception, _endpoint, modelId);

    /// <inheritdoc/>
    /// <remarks>Also hands the caller's token to the HTTP handler (<see cref="OllamaCallContext"/>): OllamaSharp reads streams without it.</remarks>
    protected override ChatOptions? PrepareRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var prepared = Prepare(messages, options);
        OllamaCallContext.CancellationToken = cancellationToken;
        return prepared;
    }

    /// <inheritdoc/>
    protected override ChatResponse ProcessResponse(ChatResponse response, string modelId) => OllamaMapper.Normalize(response);

    /// <inheritdoc/>
    protected override async IAsyncEnumerable<ChatResponseUpdate> ProcessStream(
        IAsyncEnumerable<ChatResponseUpdate> updates, string modelId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var state = new OllamaStreamState();
        await foreach (var update in updates.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return OllamaMapper.Normalize(update, state);
        }

        if (!state.SawDone)
        {
            // OllamaSharp also ends a stream silently when the token is cancelled; the base then raises the cancellation instead.
            throw new OllamaWireException(OllamaWireFailure.Truncated, "the stream ended before Ollama's final (\"done\": true) line");
        }
    }

    /// <summary>Checks the request against what Ollama's API can do, and pins the model; neither the messages nor the options are changed.</summary>
    private ChatOptions Prepare(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            foreach (var content in message.Contents)
            {
                switch (content)
                {
                    case UriContent uri when uri.HasTopLevelMediaType("image"):
                        throw new NotSupportedException($"Ollama takes images as bytes, not URLs ({uri.Uri}). Download the image and pass it as a DataContent.");
                    case UriContent uri:
                        throw new NotSupportedException($"Ollama cannot read content from a URL ({uri.MediaType}). Fetch it and pass its text, or use a provider that accepts file URLs.");
                    case DataContent data when !data.HasTopLevelMediaType("image"):
                        throw new NotSupportedException($"Ollama accepts only images as data, not '{data.MediaType}'. Pass the text instead, or use a provider that reads files (OpenAI, Anthropic, Gemini).");
                    case HostedFileContent or HostedVectorStoreContent:
                        throw new NotSupportedException($"Ollama has no hosted files ({content.GetType().Name}). Pass the content itself.");
                }
            }
        }

        var routeOptions = options?.Clone() ?? new ChatOptions();
        routeOptions.ModelId = ModelId;
        if (routeOptions.ConversationId is not null)
        {
            throw new NotSupportedException("Ollama keeps no conversations on the server (ConversationId). Send the whole history with each call.");
        }

        if (routeOptions.ContinuationToken is not null)
        {
            throw new NotSupportedException("Ollama has no background responses (ContinuationToken). Call it without one.");
        }

        if (routeOptions.Tools is { Count: > 0 } tools)
        {
            if (tools.FirstOrDefault(t => t is not AIFunctionDeclaration) is { } hosted)
            {
                throw new NotSupportedException($"Ollama supports only function tools; '{hosted.Name}' ({hosted.GetType().Name}) is a hosted tool. Use an AIFunction, or a provider that hosts the tool.");
            }

            switch (routeOptions.ToolMode)
            {
                case NoneChatToolMode:
                    routeOptions.Tools = null; // Ollama has no tool_choice: "none" is sending no tools.
                    break;
                case RequiredChatToolMode:
                    throw new NotSupportedException("Ollama cannot be made to call a tool (it has no tool_choice). Use ChatToolMode.Auto and ask for the call in the prompt, or a provider with required tool calls (OpenAI, Anthropic, Gemini).");
            }
        }

        return routeOptions;
    }
}
