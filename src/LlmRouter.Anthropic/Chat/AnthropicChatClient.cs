using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LlmRouter.Anthropic;

/// <summary>
/// The chat client of Claude, on api.anthropic.com and (compiled into LlmRouter.Bedrock) on Amazon Bedrock, over the Anthropic SDK's
/// <see cref="IChatClient"/> (its <c>AsIChatClient</c>). Errors are mapped by <see cref="AnthropicSdkMapper"/> (the stream loop, redaction
/// and stamping are <see cref="LlmProviderChatClient"/>'s); usage follows the router's convention; a refusal (<c>stop_reason: refusal</c>)
/// is <see cref="LlmErrorKind.ContentFiltered"/>; and a stream that ends before the message finished is an error rather than a silent,
/// truncated answer.
/// </summary>
internal sealed class AnthropicChatClient : LlmProviderChatClient
{
    /// <summary>Initializes a new instance of the <see cref="AnthropicChatClient"/> class.</summary>
    /// <param name="innerClient">The SDK's chat client.</param>
    /// <param name="providerName">The provider's name, put on errors.</param>
    /// <param name="modelId">The model the client was made for, put on errors when a call does not name one.</param>
    /// <param name="secrets">The secrets the provider sends, kept out of error messages; <see langword="null"/> when there are none.</param>
    public AnthropicChatClient(IChatClient innerClient, string providerName, string modelId, IEnumerable<string?>? secrets = null)
        : base(innerClient, providerName, modelId, secrets)
    {
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

    /// <inheritdoc/>
    protected override bool IsCallerError(Exception exception) => AnthropicSdkMapper.PassesThrough(exception);

    /// <inheritdoc/>
    protected override LlmException MapException(Exception exception, string modelId) =>
        AnthropicSdkMapper.ToLlmException(exception, ProviderName, modelId, ResponseCapture.Current);

    /// <inheritdoc/>
    protected override string? GetRawErrorText(Exception exception) => AnthropicSdkMapper.RawErrorText(exception);

    /// <inheritdoc/>
    /// <remarks>Starts the call's <see cref="ResponseCapture"/>, which the SDK's handler fills in when the answer is an error.</remarks>
    protected override ChatOptions? PrepareRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        ThrowIfUnsupported(options);
        ResponseCapture.Begin();
        return options;
    }

    /// <inheritdoc/>
    protected override ChatResponse ProcessResponse(ChatResponse response, string modelId)
    {
        if (response.Usage is { } usage)
        {
            response.Usage = AnthropicSdkMapper.NormalizeUsage(usage);
        }

        return response.FinishReason == ChatFinishReason.ContentFilter ? throw Refused(modelId, response.Text) : response;
    }

    /// <inheritdoc/>
    protected override async IAsyncEnumerable<ChatResponseUpdate> ProcessStream(
        IAsyncEnumerable<ChatResponseUpdate> updates, string modelId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var finished = false;
        var refused = false;
        await foreach (var update in updates.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
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

        if (refused)
        {
            throw Refused(modelId, partialText: null);
        }

        if (!finished)
        {
            throw new LlmException(LlmErrorKind.Unavailable,
                $"{ProviderName}/{modelId} ended the stream before the message finished (no stop_reason was received); the answer is incomplete.");
        }
    }

    private LlmException Refused(string model, string? partialText) =>
        new(LlmErrorKind.ContentFiltered, $"{ProviderName}/{model} refused to answer (stop_reason \"refusal\").")
        {
            Provider = ProviderName,
            Model = model,
            PartialText = string.IsNullOrEmpty(partialText) ? null : partialText,
        };
}
