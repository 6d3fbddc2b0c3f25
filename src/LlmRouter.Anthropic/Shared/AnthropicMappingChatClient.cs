using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LlmRouter.Anthropic;

/// <summary>
/// Wraps the Anthropic SDK's <see cref="IChatClient"/> (its <c>AsIChatClient</c>) so that it keeps LlmRouter's provider contract:
/// every failure, before or during a stream, becomes an <see cref="LlmException"/>; usage follows the router's convention;
/// a refusal (<c>stop_reason: refusal</c>) is <see cref="LlmErrorKind.ContentFiltered"/>; and a stream that ends before the
/// message finished is an error rather than a silent, truncated answer.
/// </summary>
internal sealed class AnthropicMappingChatClient : DelegatingChatClient
{
    private readonly string _providerName;
    private readonly string _modelId;
    private readonly SecretRedactor? _secrets;

    /// <summary>Initializes a new instance of the <see cref="AnthropicMappingChatClient"/> class.</summary>
    /// <param name="innerClient">The SDK's chat client.</param>
    /// <param name="providerName">The provider's name, put on errors.</param>
    /// <param name="modelId">The model the client was made for, put on errors when a call does not name one.</param>
    /// <param name="secrets">The secrets the provider sends, kept out of error messages; <see langword="null"/> when there are none.</param>
    public AnthropicMappingChatClient(IChatClient innerClient, string providerName, string modelId, SecretRedactor? secrets = null)
        : base(innerClient)
    {
        _providerName = providerName;
        _modelId = modelId;
        _secrets = secrets;
    }

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ThrowIfUnsupported(options);
        var model = options?.ModelId ?? _modelId;
        var capture = ResponseCapture.Begin();
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (!AnthropicSdkMapper.PassesThrough(ex))
        {
            throw AnthropicSdkMapper.ToLlmException(ex, _providerName, model, capture, _secrets);
        }

        if (response.Usage is { } usage)
        {
            response.Usage = AnthropicSdkMapper.NormalizeUsage(usage);
        }

        if (response.FinishReason == ChatFinishReason.ContentFilter)
        {
            throw Refused(model, response.Text);
        }

        return response;
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ThrowIfUnsupported(options);
        var model = options?.ModelId ?? _modelId;
        var capture = ResponseCapture.Begin();
        var finished = false;
        var refused = false;
        IAsyncEnumerator<ChatResponseUpdate>? updates = null;
        try
        {
            try
            {
                updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (!AnthropicSdkMapper.PassesThrough(ex))
            {
                throw AnthropicSdkMapper.ToLlmException(ex, _providerName, model, capture, _secrets);
            }

            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    ResponseCapture.Resume(capture);
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    update = updates.Current;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception ex) when (!AnthropicSdkMapper.PassesThrough(ex))
                {
                    throw AnthropicSdkMapper.ToLlmException(ex, _providerName, model, capture, _secrets);
                }

                if (update.FinishReason is { } reason)
                {
                    finished = true;
                    refused |= reason == ChatFinishReason.ContentFilter;
                }

                foreach (var usage in update.Contents.OfType<UsageContent>())
                {
                    usage.Details = AnthropicSdkMapper.NormalizeUsage(usage.Details);
                }

                yield return update;
            }
        }
        finally
        {
            if (updates is not null)
            {
                try
                {
                    await updates.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException or ObjectDisposedException)
                {
                    // Closing a broken response can fail too; the error that matters has already been raised or returned.
                }
            }
        }

        if (refused)
        {
            throw Refused(model, partialText: null);
        }

        if (!finished)
        {
            throw new LlmException(LlmErrorKind.Unavailable,
                $"{_providerName}/{model} ended the stream before the message finished (no stop_reason was received); the answer is incomplete.")
            {
                Provider = _providerName,
                Model = model,
            };
        }
    }

    /// <summary>Fails clearly on what the Messages API cannot do, instead of letting the SDK drop it silently.</summary>
    /// <param name="options">The call's options.</param>
    /// <exception cref="NotSupportedException">JSON output was asked for without a schema.</exception>
    internal static void ThrowIfUnsupported(ChatOptions? options)
    {
        if (options?.ResponseFormat is ChatResponseFormatJson { Schema: null })
        {
            throw new NotSupportedException(
                "Claude's Messages API has no schema-less JSON mode, so ChatResponseFormat.Json would be ignored. " +
                "Pass a schema (ChatResponseFormat.ForJsonSchema<T>() or ForJsonSchema(schema)) for structured output, or ask for JSON in the prompt.");
        }
    }

    private LlmException Refused(string model, string? partialText) =>
        new(LlmErrorKind.ContentFiltered, $"{_providerName}/{model} refused to answer (stop_reason \"refusal\").")
        {
            Provider = _providerName,
            Model = model,
            PartialText = string.IsNullOrEmpty(partialText) ? null : partialText,
        };
}
