using Microsoft.Extensions.AI;

namespace LlmRouter.Testing;

/// <summary>
/// A scripted, deterministic, thread-safe <see cref="IChatClient"/> for tests: each call consumes the next step of a
/// first-in first-out script (a response, a failure, a tool call, …); with the script empty it answers
/// <see cref="DefaultResponse"/>. Every call is recorded in <see cref="Requests"/>.
/// </summary>
/// <remarks>
/// Delays (<see cref="EnqueueDelay"/>, <see cref="Latency"/>) wait on the client's <see cref="System.TimeProvider"/>,
/// so tests using <c>FakeTimeProvider</c> advance time instead of sleeping.
/// A call whose cancellation token is already cancelled throws <see cref="OperationCanceledException"/> without
/// being recorded and without consuming a step.
/// </remarks>
public sealed partial class FakeChatClient : IChatClient
{
    /// <summary>The model id used when none is given to the constructor.</summary>
    public const string DefaultModelId = "fake-model";

    /// <summary>The provider name used when none is set.</summary>
    public const string DefaultProviderName = "fake";

    private const int EchoLength = 40;

    private readonly object _gate = new();
    private readonly Queue<Step> _script = new();
    private readonly List<FakeChatRequest> _requests = [];
    private ChatClientMetadata? _metadata;
    private FailureStep? _alwaysFail;
    private int _callNumber;
    private int _toolCallNumber;

    /// <summary>Initializes a new instance of the <see cref="FakeChatClient"/> class.</summary>
    /// <param name="modelId">The model id the client reports; defaults to <see cref="DefaultModelId"/>.</param>
    /// <param name="timeProvider">The clock for delays and timestamps; defaults to <see cref="TimeProvider.System"/>.</param>
    public FakeChatClient(string? modelId = null, TimeProvider? timeProvider = null)
    {
        ModelId = string.IsNullOrWhiteSpace(modelId) ? DefaultModelId : modelId;
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the model id the client reports, unless a call's <see cref="ChatOptions.ModelId"/> overrides it (as real clients do).</summary>
    public string ModelId { get; }

    /// <summary>Gets the provider name put on <see cref="Metadata"/> and on the exceptions the client raises.</summary>
    public string ProviderName { get; init; } = DefaultProviderName;

    /// <summary>Gets the clock used for delays and timestamps.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets the client's metadata: provider <see cref="ProviderName"/>, default model <see cref="ModelId"/>.</summary>
    public ChatClientMetadata Metadata => _metadata ??= new ChatClientMetadata(ProviderName, providerUri: null, defaultModelId: ModelId);

    /// <summary>Gets or sets the text answered when the script is empty.</summary>
    /// <value>
    /// <see langword="null"/> (the default) answers <c>fake response to: &lt;last user text, truncated&gt;</c>.
    /// Usage is estimated at about four characters a token for both prompt and answer.
    /// </value>
    public string? DefaultResponse { get; set; }

    /// <summary>Gets or sets how long every call waits before answering, in addition to any scripted delay.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Gets or sets the size, in characters, of each streamed text update.</summary>
    /// <value><see langword="null"/> (the default) streams one update per word, its trailing whitespace included.</value>
    public int? StreamChunkSize { get; set; }

    /// <summary>Gets a snapshot of every call received, in order.</summary>
    public IReadOnlyList<FakeChatRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>Gets the number of calls received.</summary>
    public int CallCount
    {
        get
        {
            lock (_gate)
            {
                return _requests.Count;
            }
        }
    }

    /// <summary>Gets the number of scripted steps (delays included) not yet consumed.</summary>
    public int PendingStepCount
    {
        get
        {
            lock (_gate)
            {
                return _script.Count;
            }
        }
    }

    /// <summary>Scripts a text answer.</summary>
    /// <param name="text">The assistant's text.</param>
    /// <param name="usage">The usage to report; <see langword="null"/> estimates it (about four characters a token).</param>
    /// <returns>This client, for chaining.</returns>
    public FakeChatClient EnqueueResponse(string text, UsageDetails? usage = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Enqueue(new TextStep(text, usage is null ? null : FakeTokenCounter.Copy(usage)));
    }

    /// <summary>Scripts a prepared response, returned as is (streamed through <see cref="ChatResponse.ToChatResponseUpdates"/>).</summary>
    /// <param name="response">The response.</param>
    /// <returns>This client, for chaining.</returns>
    public FakeChatClient EnqueueResponse(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Enqueue(new PreparedStep(response));
    }

    /// <summary>Scripts a failure: the call throws an <see cref="LlmException"/> of <paramref name="kind"/>.</summary>
    /// <param name="kind">The kind of failure.</param>
    /// <param name="retryAfter">The Retry-After the provider reports, if any.</param>
    /// <param name="message">The message; a default names the kind, provider and model.</param>
    /// <returns>This client, for chaining.</returns>
    /// <remarks>
    /// <see cref="LlmException.Provider"/> is <see cref="ProviderName"/>, <see cref="LlmException.Model"/> the call's model,
    /// and <see cref="LlmException.StatusCode"/> what a provider typically answers: 429 for RateLimited and QuotaExhausted,
    /// 503 Unavailable, 408 Timeout, 401 Authentication, 404 ModelNotFound, 400 ContextTooLong, ContentFiltered and
    /// InvalidRequest, 500 Unknown, none for BudgetExceeded and StreamInterrupted.
    /// </remarks>
    public FakeChatClient EnqueueFailure(LlmErrorKind kind, TimeSpan? retryAfter = null, string? message = null) =>
        Enqueue(new FailureStep(kind, retryAfter, message));

    /// <summary>Scripts an arbitrary exception, thrown as is.</summary>
    /// <param name="exception">The exception to throw.</param>
    /// <returns>This client, for chaining.</returns>
    public FakeChatClient EnqueueException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Enqueue(new ExceptionStep(exception));
    }

    /// <summary>
    /// Scripts a stream that fails midway: it yields the first <paramref name="updates"/> updates of <paramref name="text"/>
    /// (split as <see cref="StreamChunkSize"/> says), then throws an <see cref="LlmException"/> of <paramref name="kind"/>.
    /// A non-streaming call consuming this step throws at once.
    /// </summary>
    /// <param name="updates">How many text updates reach the caller before the failure; 0 fails before the first.</param>
    /// <param name="text">The text being streamed.</param>
    /// <param name="kind">The kind of the failure.</param>
    /// <returns>This client, for chaining.</returns>
    public FakeChatClient EnqueueStreamFailureAfter(int updates, string text, LlmErrorKind kind = LlmErrorKind.Unavailable)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(updates);
        ArgumentNullException.ThrowIfNull(text);
        return Enqueue(new StreamFailureStep(updates, text, kind));
    }

    /// <summary>Scripts a tool call: the answer is one <see cref="FunctionCallContent"/> with finish reason <see cref="ChatFinishReason.ToolCalls"/>.</summary>
    /// <param name="name">The function's name.</param>
    /// <param name="arguments">The arguments (copied).</param>
    /// <param name="callId">The call id; defaults to <c>call_1</c>, <c>call_2</c>, … in the order tool calls are scripted.</param>
    /// <returns>This client, for chaining.</returns>
    public FakeChatClient EnqueueToolCall(string name, IDictionary<string, object?> arguments, string? callId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(arguments);
        var id = callId ?? $"call_{Interlocked.Increment(ref _toolCallNumber)}";
        return Enqueue(new ToolCallStep(name, new Dictionary<string, object?>(arguments, StringComparer.Ordinal), id));
    }

    /// <summary>Scripts a wait before the next step: the next call waits <paramref name="delay"/> on the <see cref="System.TimeProvider"/>, honouring its cancellation token. A delay does not count as a call.</summary>
    /// <param name="delay">How long to wait.</param>
    /// <returns>This client, for chaining.</returns>
    public FakeChatClient EnqueueDelay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return Enqueue(new DelayStep(delay));
    }

    /// <summary>Clears the script and makes every call fail with <paramref name="kind"/> until <see cref="Reset"/> (steps enqueued afterwards still run first).</summary>
    /// <param name="kind">The kind of failure.</param>
    /// <param name="retryAfter">The Retry-After to report, if any.</param>
    /// <returns>This client, for chaining.</returns>
    public FakeChatClient AlwaysFail(LlmErrorKind kind, TimeSpan? retryAfter = null)
    {
        lock (_gate)
        {
            _script.Clear();
            _alwaysFail = new FailureStep(kind, retryAfter, null);
        }

        return this;
    }

    /// <summary>Clears the script, the <see cref="AlwaysFail"/> mode and the recorded requests.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _script.Clear();
            _alwaysFail = null;
            _requests.Clear();
        }
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();

        var call = Begin(CopyMessages(messages), options, isStreaming: false);
        await WaitAsync(call.Delay, cancellationToken).ConfigureAwait(false);

        return call.Step switch
        {
            TextStep s => TextResponse(call, s.Text, s.Usage),
            PreparedStep s => s.Response,
            ToolCallStep s => ToolCallResponse(call, s),
            FailureStep s => throw Failure(call, s.Kind, s.RetryAfter, s.Message),
            ExceptionStep s => throw s.Exception,
            StreamFailureStep s => throw Failure(call, s.Kind, null, null),
            _ => TextResponse(call, DefaultText(call.Messages), null),
        };
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return StreamAsync(CopyMessages(messages), options, cancellationToken);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return Metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Does nothing: the fake holds no resources.</summary>
    public void Dispose()
    {
    }
}
