using LlmRouter.Testing;
using LlmRouter.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static LlmRouter.Tests.TestSupport.RouterHarness;

namespace LlmRouter.Tests.Router;

public class RouterEngineDiscoveryTests
{
    [Fact]
    public async Task RouterEngine_DiscoveredModel_IsRoutableByNameAndAsCandidate()
    {
        var local = new DiscoveringProvider("local", [Model("local", "qwen3:8b", ModelTier.Local, 0m, 0m, 32_000)]);
        await using var h = Create(services: s => s.AddLlmRouter().AddProvider(local));

        var direct = await h.Client.GetResponseAsync(Prompt(), new ChatOptions { ModelId = "local/qwen3:8b" });
        var plan = await h.Router.PlanAsync(Prompt(), new ChatOptions().WithRouting(new RoutingHints { Strategy = "cost" }));

        Assert.Equal("qwen3:8b", direct.GetRouteInfo()!.Model);
        Assert.Equal("local/qwen3:8b", plan.Models[0].Key); // free, so cheapest
        Assert.Equal(1, local.DiscoveryCount);
    }

    [Fact]
    public async Task RouterEngine_Discovery_IsRefreshedOnlyAfterTheInterval()
    {
        var local = new DiscoveringProvider("local", [Model("local", "a", ModelTier.Local, 0m, 0m, 8_000)]);
        await using var h = Create(services: s => s.AddLlmRouter().AddProvider(local));

        await h.Router.PlanAsync(Prompt());
        await h.Router.PlanAsync(Prompt());
        Assert.Equal(1, local.DiscoveryCount);

        local.Models = [.. local.Models, Model("local", "b", ModelTier.Local, 0m, 0m, 8_000)];
        h.Time.Advance(LlmRouterDefaults.DiscoveryInterval + TimeSpan.FromSeconds(1));
        var response = await h.Client.GetResponseAsync(Prompt(), new ChatOptions { ModelId = "local/b" });

        Assert.Equal(2, local.DiscoveryCount);
        Assert.Equal("b", response.GetRouteInfo()!.Model);
    }

    [Fact]
    public async Task RouterEngine_UnknownModel_ForcesARefreshBeforeFailing()
    {
        var local = new DiscoveringProvider("local", []);
        await using var h = Create(services: s => s.AddLlmRouter().AddProvider(local));
        await h.Router.PlanAsync(Prompt());

        local.Models = [Model("local", "pulled-just-now", ModelTier.Local, 0m, 0m, 8_000)];
        h.Time.Advance(TimeSpan.FromSeconds(11));
        var response = await h.Client.GetResponseAsync(Prompt(), new ChatOptions { ModelId = "local/pulled-just-now" });

        Assert.Equal("pulled-just-now", response.GetRouteInfo()!.Model);
        await Assert.ThrowsAsync<LlmException>(() => h.Client.GetResponseAsync(Prompt(), new ChatOptions { ModelId = "local/never-there" }));
    }

    [Fact]
    public async Task RouterEngine_FailingDiscovery_DoesNotBreakRouting()
    {
        var local = new DiscoveringProvider("local", []) { Failure = new HttpRequestException("connection refused") };
        await using var h = Create(services: s => s.AddLlmRouter().AddProvider(local));

        var response = await h.Client.GetResponseAsync(Prompt(), new ChatOptions { ModelId = AlphaFast.Key });

        Assert.Equal("a-fast", response.GetRouteInfo()!.Model);
        Assert.Equal(1, local.DiscoveryCount);
    }

    private sealed class DiscoveringProvider(string name, IReadOnlyList<ModelDescriptor> models) : ILlmProvider, IModelDiscovery
    {
        private readonly FakeLlmProvider _inner = new(name, isLocal: true);
        private int _count;

        public IReadOnlyList<ModelDescriptor> Models { get; set; } = models;

        public Exception? Failure { get; init; }

        public int DiscoveryCount => Volatile.Read(ref _count);

        public string Name => name;

        public bool IsLocal => true;

        public IChatClient GetChatClient(string modelId) => _inner.GetChatClient(modelId);

        public IEmbeddingGenerator<string, Embedding<float>> GetEmbeddingGenerator(string modelId) => _inner.GetEmbeddingGenerator(modelId);

        public ValueTask<ProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default) => _inner.CheckHealthAsync(cancellationToken);

        public ValueTask<IReadOnlyList<ModelDescriptor>> DiscoverModelsAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return Failure is null ? ValueTask.FromResult(Models) : ValueTask.FromException<IReadOnlyList<ModelDescriptor>>(Failure);
        }
    }
}
