using Microsoft.Extensions.AI;

namespace LlmRouter.Benchmarks;

/// <summary>Replays prepared updates synchronously: one allocation per stream (this object), none per update.</summary>
internal sealed class PreparedStream : IAsyncEnumerable<ChatResponseUpdate>, IAsyncEnumerator<ChatResponseUpdate>
{
    private readonly ChatResponseUpdate[] _updates;
    private readonly CancellationToken _cancellationToken;
    private int _index = -1;

    public PreparedStream(ChatResponseUpdate[] updates, CancellationToken cancellationToken)
    {
        _updates = updates;
        _cancellationToken = cancellationToken;
    }

    public ChatResponseUpdate Current => _updates[_index];

    public IAsyncEnumerator<ChatResponseUpdate> GetAsyncEnumerator(CancellationToken cancellationToken = default) => this;

    public ValueTask<bool> MoveNextAsync()
    {
        _cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<bool>(++_index < _updates.Length);
    }

    public ValueTask DisposeAsync() => default;
}
