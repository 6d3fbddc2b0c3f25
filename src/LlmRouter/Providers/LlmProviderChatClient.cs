using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>
/// The base of every provider package's chat client: calls the inner (SDK or HTTP) client and keeps LlmRouter's provider contract the
/// same for every provider. Subclasses supply only their error mapping (<see cref="MapException"/>) and, where they need them, the
/// request checks and response completion hooks.
/// </summary>
/// <remarks>
/// <para>Every failure becomes an <see cref="LlmException"/> naming <see cref="ProviderName"/> and the model, with the provider's secrets
/// masked in its message (and an inner exception that would reveal one dropped).</para>
/// <para>Streams: a failure before the first update surfaces as the mapped kind, so the router can fail over; a failure after it surfaces
/// as <see cref="LlmErrorKind.StreamInterrupted"/> with <see cref="LlmException.PartialText"/> (the text streamed so far), the cause's
/// kind named in the message, the mapped cause as inner exception and its status code kept. A <see cref="LlmErrorKind.ContentFiltered"/>
/// verdict keeps its kind (with the partial text): the answer was stopped, not cut.</para>
/// <para>The caller's cancellation always propagates as <see cref="OperationCanceledException"/>: unchanged when it already is one, else
/// wrapping whatever the inner client threw once the token was cancelled. Caller errors (<see cref="IsCallerError"/>) propagate unchanged.</para>
/// </remarks>
public abstract class LlmProviderChatClient : DelegatingChatClient
{
    private readonly IEnumerable<string?> _secrets;

    /// <summary>Initializes a new instance of the <see cref="LlmProviderChatClient"/> class.</summary>
    /// <param name="innerClient">The client that talks to the provider (an SDK's <see cref="IChatClient"/> or the package's own HTTP client).</param>
    /// <param name="providerName">The provider's name, put on every error (<see cref="ILlmProvider.Name"/>).</param>
    /// <param name="modelId">The model the client was made for, put on errors when a call's <see cref="ChatOptions.ModelId"/> names none.</param>
    /// <param name="secrets">The secrets the provider sends (API keys, tokens), kept out of error messages; read at each failure, so a
    /// collection that grows later (refreshed credentials) counts. <see langword="null"/> when there are none.</param>
    protected LlmProviderChatClient(IChatClient innerClient, string providerName, string modelId, IEnumerable<string?>? secrets = null)
        : base(innerClient)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ProviderName = providerName;
        ModelId = modelId;
        _secrets = secrets ?? [];
    }

    /// <summary>Gets the provider's name, put on every error.</summary>
    public string ProviderName { get; }

    /// <summary>Gets the model the client was made for.</summary>
    public string ModelId { get; }

    /// <inheritdoc/>
    public sealed override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prepared = PrepareRequest(messages, options, cancellationToken);
        var model = ModelFor(prepared);
        try
        {
            var response = await base.GetResponseAsync(messages, prepared, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return ProcessResponse(response, model);
        }
        catch (Exception ex) when (IsFailure(ex, cancellationToken))
        {
            throw Translate(ex, model, partialText: null, cancellationToken);
        }
    }

    /// <inheritdoc/>
    public sealed override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prepared = PrepareRequest(messages, options, cancellationToken);
        var model = ModelFor(prepared);
        StringBuilder? text = null;
        IAsyncEnumerator<ChatResponseUpdate>? updates = null;
        try
        {
            try
            {
                updates = ProcessStream(base.GetStreamingResponseAsync(messages, prepared, cancellationToken), model, cancellationToken).GetAsyncEnumerator(cancellationToken);
            }
            catch (Exception ex) when (IsFailure(ex, cancellationToken))
            {
                throw Translate(ex, model, partialText: null, cancellationToken);
            }

            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    update = updates.Current;
                }
                catch (Exception ex) when (IsFailure(ex, cancellationToken))
                {
                    throw Translate(ex, model, text?.ToString(), cancellationToken);
                }

                (text ??= new StringBuilder()).Append(update.Text);
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
                catch (Exception ex) when (ex is IOException or HttpRequestException or ObjectDisposedException or OperationCanceledException)
                {
                    // Closing a broken response can fail too; the error that matters has already been raised or the stream completed.
                }
            }
        }

        // Some clients stop reading when the token is cancelled, without throwing: a cancelled stream never ends as a success.
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Maps a failure of the inner client (or of a completion hook) to an <see cref="LlmException"/>.</summary>
    /// <param name="exception">What was thrown; never the caller's cancellation, a caller error, or an <see cref="LlmException"/>.</param>
    /// <param name="modelId">The model of the call.</param>
    /// <returns>The error, with the provider's kind, status code and Retry-After. The base stamps the provider and model where it has
    /// none, masks the secrets, and turns it into <see cref="LlmErrorKind.StreamInterrupted"/> when a stream had started.</returns>
    protected abstract LlmException MapException(Exception exception, string modelId);

    /// <summary>Tells the caller's own mistakes (a null argument, content the API cannot take) from the provider's failures: they propagate unchanged.</summary>
    /// <param name="exception">What was thrown.</param>
    /// <returns><see langword="true"/> for <see cref="NotSupportedException"/> and <see cref="ArgumentException"/> (but not
    /// <see cref="ArgumentOutOfRangeException"/>, which SDKs throw for answers they cannot read).</returns>
    protected virtual bool IsCallerError(Exception exception) =>
        exception is NotSupportedException || (exception is ArgumentException && exception is not ArgumentOutOfRangeException);

    /// <summary>
    /// Checks a request before it is sent, on the call's own async flow: throw <see cref="NotSupportedException"/> for what the provider
    /// cannot do. May return other options (a pinned model) and set per-call ambient state the inner client reads.
    /// </summary>
    /// <param name="messages">The messages.</param>
    /// <param name="options">The caller's options; not to be changed (clone them).</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>The options to send.</returns>
    protected virtual ChatOptions? PrepareRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken) => options;

    /// <summary>Completes or checks a whole answer (usage convention, finish reason, a refusal raised as <see cref="LlmErrorKind.ContentFiltered"/>).</summary>
    /// <param name="response">The inner client's answer.</param>
    /// <param name="modelId">The model of the call.</param>
    /// <returns>The answer to return.</returns>
    protected virtual ChatResponse ProcessResponse(ChatResponse response, string modelId) => response;

    /// <summary>
    /// Completes or checks a stream: normalises updates and throws when the stream ended before the provider's final event. Whatever this
    /// throws is handled like a failure of the inner client (mapped, then <see cref="LlmErrorKind.StreamInterrupted"/> once an update was returned).
    /// </summary>
    /// <param name="updates">The inner client's updates.</param>
    /// <param name="modelId">The model of the call.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>The updates to return.</returns>
    protected virtual IAsyncEnumerable<ChatResponseUpdate> ProcessStream(IAsyncEnumerable<ChatResponseUpdate> updates, string modelId, CancellationToken cancellationToken) => updates;

    /// <summary>Reads what an exception carries beyond its message (an SDK's raw response body), so that a secret echoed there drops the inner exception.</summary>
    /// <param name="exception">An exception of the inner chain.</param>
    /// <returns>The raw text, or <see langword="null"/>.</returns>
    protected virtual string? GetRawErrorText(Exception exception) => null;

    private static bool IsCallerCancellation(Exception exception, CancellationToken cancellationToken) =>
        exception is OperationCanceledException && cancellationToken.IsCancellationRequested;

    private bool IsFailure(Exception exception, CancellationToken cancellationToken) =>
        !IsCallerCancellation(exception, cancellationToken) && (cancellationToken.IsCancellationRequested || !IsCallerError(exception));

    private string ModelFor(ChatOptions? options) => string.IsNullOrWhiteSpace(options?.ModelId) ? ModelId : options.ModelId;

    private Exception Translate(Exception exception, string model, string? partialText, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return new OperationCanceledException("The call was cancelled.", SecretRedactor.ChainHasKeyShape(exception) ? null : exception, cancellationToken);
        }

        var mapped = exception as LlmException ?? MapException(exception, model);
        var cause = SecretRedactor.MaskKeys(SecretRedactor.Redact(Stamp(mapped, model), _secrets, GetRawErrorText));
        if (partialText is null || cause.Kind == LlmErrorKind.StreamInterrupted)
        {
            return cause;
        }

        if (cause.Kind == LlmErrorKind.ContentFiltered)
        {
            return cause.PartialText is null && partialText.Length > 0 ? Copy(cause, cause.Provider!, cause.Model!, partialText) : cause;
        }

        return new LlmException(LlmErrorKind.StreamInterrupted, $"{cause.Provider}/{cause.Model} stream was interrupted after it had started: {cause.Message} [{cause.Kind}]", cause)
        {
            Provider = cause.Provider,
            Model = cause.Model,
            StatusCode = cause.StatusCode,
            PartialText = partialText,
        };
    }

    private LlmException Stamp(LlmException exception, string model) =>
        exception.Provider is not null && exception.Model is not null
            ? exception
            : Copy(exception, exception.Provider ?? ProviderName, exception.Model ?? model, exception.PartialText);

    private static LlmException Copy(LlmException exception, string provider, string model, string? partialText) =>
        new(exception.Kind, exception.Message, exception.InnerException)
        {
            Provider = provider,
            Model = model,
            StatusCode = exception.StatusCode,
            RetryAfter = exception.RetryAfter,
            PartialText = partialText,
        };
}
