using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LlmRouter.Ollama;

/// <summary>
/// Wraps OllamaSharp's <see cref="OllamaSharp.OllamaApiClient"/> for one model: pins the model, fails clearly on what Ollama's API lacks,
/// maps every failure to <see cref="LlmException"/>, completes usage, finish reasons and call ids (<see cref="OllamaMapper"/>), and lets
/// the caller's cancellation through as <see cref="OperationCanceledException"/> (OllamaSharp would end a cancelled stream silently).
/// </summary>
internal sealed class OllamaChatClient : DelegatingChatClient
{
    private readonly Uri _endpoint;
    private readonly string _model;

    public OllamaChatClient(IChatClient inner, Uri endpoint, string model)
        : base(inner)
    {
        _endpoint = endpoint;
        _model = model;
    }

    /// <summary>Gets the model this client sends to.</summary>
    public string Model => _model;

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (list, routeOptions) = Prepare(messages, options);
        OllamaCallContext.CancellationToken = cancellationToken;
        try
        {
            var response = await base.GetResponseAsync(list, routeOptions, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return OllamaMapper.Normalize(response);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            throw new OperationCanceledException("The call was cancelled.", ex, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw OllamaMapper.ToLlmException(ex, _endpoint, _model);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (list, routeOptions) = Prepare(messages, options);
        OllamaCallContext.CancellationToken = cancellationToken;
        var state = new OllamaStreamState();
        var enumerator = base.GetStreamingResponseAsync(list, routeOptions, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    update = enumerator.Current;
                }
                catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
                {
                    throw new OperationCanceledException("The call was cancelled.", ex, cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw OllamaMapper.ToLlmException(ex, _endpoint, _model);
                }

                yield return OllamaMapper.Normalize(update, state);
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }

        // OllamaSharp stops reading when the token is cancelled, without throwing.
        cancellationToken.ThrowIfCancellationRequested();
        if (!state.SawDone)
        {
            throw OllamaMapper.ToLlmException(
                new OllamaWireException(OllamaWireFailure.Truncated, "the stream ended before Ollama's final (\"done\": true) line"),
                _endpoint,
                _model);
        }
    }

    /// <summary>Checks the request against what Ollama's API can do, and pins the model; neither the messages nor the options are changed.</summary>
    private (IEnumerable<ChatMessage> Messages, ChatOptions Options) Prepare(IEnumerable<ChatMessage> messages, ChatOptions? options)
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
        routeOptions.ModelId = _model;
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

        return (messages, routeOptions);
    }
}
