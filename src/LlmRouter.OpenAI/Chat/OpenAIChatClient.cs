using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;

namespace LlmRouter.OpenAI;

/// <summary>
/// The chat client of OpenAI and every OpenAI-compatible host, over the Microsoft.Extensions.AI OpenAI adapter: failures are mapped by
/// <see cref="OpenAIErrorMapper"/> (the stream loop, redaction and stamping are <see cref="LlmProviderChatClient"/>'s), content-filtered
/// answers are raised, error events inside a stream are raised, and what the host lacks fails before any call.
/// </summary>
internal sealed class OpenAIChatClient : LlmProviderChatClient
{
    private readonly OpenAIErrorMapper _mapper;
    private readonly OpenAIPreset _preset;
    private readonly bool _throwOnContentFilter;

    public OpenAIChatClient(IChatClient inner, OpenAIErrorMapper mapper, OpenAIPreset preset, string modelId, bool throwOnContentFilter, string? apiKey)
        : base(inner, mapper.ProviderName, modelId, [apiKey])
    {
        _mapper = mapper;
        _preset = preset;
        _throwOnContentFilter = throwOnContentFilter;
    }

    /// <inheritdoc/>
    protected override LlmException MapException(Exception exception, string modelId) => _mapper.Map(exception, modelId);

    /// <inheritdoc/>
    protected override ChatOptions? PrepareRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        if (!_preset.SupportsJsonSchema && options?.ResponseFormat is ChatResponseFormatJson { Schema: not null })
        {
            throw new NotSupportedException(
                $"{_preset.DisplayName} ({_preset.Name}) does not support JSON-schema structured output (response_format json_schema). " +
                "Use ChatResponseFormat.Json (JSON mode) and describe the schema in the prompt, or route the request to a model with the StructuredOutput capability on another provider.");
        }

        return options;
    }

    /// <inheritdoc/>
    protected override ChatResponse ProcessResponse(ChatResponse response, string modelId)
    {
        if (response is null || (response.Messages.Count == 0 && response.FinishReason is null))
        {
            throw _mapper.Malformed(modelId, "the answer had no choices.", null);
        }

        if (_throwOnContentFilter && response.FinishReason == ChatFinishReason.ContentFilter)
        {
            throw _mapper.ContentFiltered(modelId, response.Text);
        }

        return response;
    }

    /// <inheritdoc/>
    protected override async IAsyncEnumerable<ChatResponseUpdate> ProcessStream(
        IAsyncEnumerable<ChatResponseUpdate> updates, string modelId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var finished = false;
        await foreach (var update in updates.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (update.Contents.Count == 0 && update.FinishReason is null && update.RawRepresentation is global::OpenAI.Chat.StreamingChatCompletionUpdate raw &&
                _mapper.FromStreamError(ModelReaderWriter.Write(raw).ToString(), modelId) is { } streamError)
            {
                throw streamError;
            }

            if (update.FinishReason is { } reason)
            {
                finished = true;
                if (_throwOnContentFilter && reason == ChatFinishReason.ContentFilter)
                {
                    throw _mapper.ContentFiltered(modelId, text.Append(update.Text).ToString());
                }
            }
            else if (!finished && update.Contents.Any(static c => c is UsageContent))
            {
                finished = true; // Some hosts put the usage on the last chunk and no finish reason.
            }

            text.Append(update.Text);
            yield return update;
        }

        if (!finished)
        {
            throw _mapper.StreamEnded(modelId, "the host closed the stream without a finish reason or usage (truncated stream).", null);
        }
    }
}
