using System.Runtime.CompilerServices;

namespace LlmRouter.Tests.TestSupport;

/// <summary>An <see cref="IChatClient"/> whose answers come from delegates: for tests that need a provider to do something the scripted fake cannot (race the caller's cancellation, bill by the prompt's bytes).</summary>
internal sealed class DelegateChatClient : IChatClient
{
    private int _calls;

    public Func<IReadOnlyList<ChatMessage>, ChatOptions?, CancellationToken, Task<ChatResponse>>? Respond { get; init; }

    public Func<IReadOnlyList<ChatMessage>, ChatOptions?, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>>? Stream { get; init; }

    public int CallCount => Volatile.Read(ref _calls);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return (Respond ?? throw new NotSupportedException("No response delegate."))(messages.ToList(), options, cancellationToken);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var stream = (Stream ?? throw new NotSupportedException("No stream delegate."))(messages.ToList(), options, cancellationToken);
        await foreach (var update in stream.WithCancellation(cancellationToken))
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
