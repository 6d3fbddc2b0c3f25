using Microsoft.Extensions.AI;

namespace LlmRouter.Benchmarks;

/// <summary>
/// The cheapest honest stand-in for a provider's chat client: it records nothing and does no I/O. Each call returns a
/// <em>new</em> <see cref="ChatResponse"/> around one prepared message (as a real client builds a response per call);
/// each stream replays the same prepared updates.
/// </summary>
internal sealed class PreparedChatClient : IChatClient
{
    public const string ModelId = "m1";

    private readonly ChatMessage _message;
    private readonly ChatResponseUpdate[] _updates;

    public PreparedChatClient(ChatMessage message, ChatResponseUpdate[] updates)
    {
        _message = message;
        _updates = updates;
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ChatResponse(_message)
        {
            Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 20 },
            ModelId = ModelId,
            FinishReason = ChatFinishReason.Stop,
        });

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        new PreparedStream(_updates, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
