namespace LlmRouter.Tests.TestSupport;

/// <summary>A provider whose chat clients come from a delegate, one per model id.</summary>
internal sealed class DelegateProvider(string name, Func<string, IChatClient> clients) : ILlmProvider
{
    public string Name { get; } = name;

    public bool IsLocal => false;

    public IChatClient GetChatClient(string modelId) => clients(modelId);

    public IEmbeddingGenerator<string, Embedding<float>> GetEmbeddingGenerator(string modelId) =>
        throw new NotSupportedException("No embeddings.");

    public ValueTask<ProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new ProviderHealth(true));
}
