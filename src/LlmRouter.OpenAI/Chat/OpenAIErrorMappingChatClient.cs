using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;

namespace LlmRouter.OpenAI;

/// <summary>
/// Wraps the Microsoft.Extensions.AI OpenAI chat client: every failure, before or during a stream, becomes an <see cref="LlmException"/>
/// (through <see cref="OpenAIErrorMapper"/>), content-filtered answers are raised, and what the host lacks fails before any call.
/// </summary>
internal sealed class OpenAIErrorMappingChatClient : DelegatingChatClient
{
    private readonly OpenAIErrorMapper _mapper;
    private readonly OpenAIPreset _preset;
    private readonly string _modelId;
    private readonly bool _throwOnContentFilter;

    public OpenAIErrorMappingChatClient(IChatClient inner, OpenAIErrorMapper mapper, OpenAIPreset preset, string modelId, bool throwOnContentFilter)
        : base(inner)
    {
        _mapper = mapper;
        _preset = preset;
        _modelId = modelId;
        _throwOnContentFilter = throwOnContentFilter;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        EnsureSupported(options);
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not LlmException && !OpenAIErrorMapper.IsCallerError(ex))
        {
            throw _mapper.Map(ex, _modelId);
        }

        if (response is null || (response.Messages.Count == 0 && response.FinishReason is null))
        {
            throw _mapper.Malformed(_modelId, "the answer had no choices.", null);
        }

        if (_throwOnContentFilter && response.FinishReason == ChatFinishReason.ContentFilter)
        {
            throw _mapper.ContentFiltered(_modelId, response.Text);
        }

        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        EnsureSupported(options);
        IAsyncEnumerator<ChatResponseUpdate> enumerator;
        try
        {
            enumerator = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not LlmException && !OpenAIErrorMapper.IsCallerError(ex))
        {
            throw _mapper.Map(ex, _modelId);
        }

        var partial = new StringBuilder();
        var started = false;
        var finished = false;
        await using (enumerator.ConfigureAwait(false))
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
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception ex) when (ex is not LlmException && !OpenAIErrorMapper.IsCallerError(ex))
                {
                    var mapped = _mapper.Map(ex, _modelId);
                    throw started && mapped.StatusCode is null
                        ? _mapper.StreamEnded(_modelId, mapped.Message, partial.ToString(), ex, started: true)
                        : mapped;
                }

                if (update.Contents.Count == 0 && update.FinishReason is null && update.RawRepresentation is global::OpenAI.Chat.StreamingChatCompletionUpdate raw &&
                    _mapper.FromStreamError(ModelReaderWriter.Write(raw).ToString(), _modelId, partial.ToString(), started) is { } streamError)
                {
                    throw streamError;
                }

                if (update.FinishReason is { } reason)
                {
                    finished = true;
                    if (_throwOnContentFilter && reason == ChatFinishReason.ContentFilter)
                    {
                        throw _mapper.ContentFiltered(_modelId, partial.Append(update.Text).ToString());
                    }
                }
                else if (!finished && update.Contents.Any(static c => c is UsageContent))
                {
                    finished = true; // Some hosts put the usage on the last chunk and no finish reason.
                }

                partial.Append(update.Text);
                started = true;
                yield return update;
            }
        }

        if (!finished)
        {
            throw _mapper.StreamEnded(_modelId, "the host closed the stream without a finish reason or usage (truncated stream).", partial.ToString(), null, started);
        }
    }

    private void EnsureSupported(ChatOptions? options)
    {
        if (!_preset.SupportsJsonSchema && options?.ResponseFormat is ChatResponseFormatJson { Schema: not null })
        {
            throw new NotSupportedException(
                $"{_preset.DisplayName} ({_preset.Name}) does not support JSON-schema structured output (response_format json_schema). " +
                "Use ChatResponseFormat.Json (JSON mode) and describe the schema in the prompt, or route the request to a model with the StructuredOutput capability on another provider.");
        }
    }
}
