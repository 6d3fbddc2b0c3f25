using Microsoft.Extensions.AI;

namespace LlmRouter.Benchmarks;

/// <summary>A provider named <c>bench</c> whose every model is served by one <see cref="PreparedChatClient"/>.</summary>
internal sealed class PreparedProvider : ILlmProvider
{
    public const string ProviderName = "bench";

    private readonly IChatClient _client;

    public PreparedProvider(IChatClient client) => _client = client;

    public string Name => ProviderName;

    public bool IsLocal => false;

    public IChatClient GetChatClient(string modelId) => _client;

    public IEmbeddingGenerator<string, Embedding<float>> GetEmbeddingGenerator(string modelId) =>
        throw new NotSupportedException("The benchmark provider has no embeddings.");

    public ValueTask<ProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new ProviderHealth(IsHealthy: true, Detail: "prepared"));
}
