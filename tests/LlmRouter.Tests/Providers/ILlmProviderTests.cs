using Microsoft.Extensions.AI;

namespace LlmRouter.Tests.Providers;

public class ILlmProviderTests
{
    [Fact]
    public void Supports_NotOverridden_IsTrue()
    {
        ILlmProvider provider = new MinimalProvider();

        Assert.True(provider.Supports(new ModelDescriptor("minimal", "any-model", ModelTier.Fast)));
    }

    private sealed class MinimalProvider : ILlmProvider
    {
        public string Name => "minimal";

        public bool IsLocal => false;

        public IChatClient GetChatClient(string modelId) => throw new NotSupportedException();

        public IEmbeddingGenerator<string, Embedding<float>> GetEmbeddingGenerator(string modelId) => throw new NotSupportedException();

        public ValueTask<ProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(new ProviderHealth(true, "ok"));
    }
}
