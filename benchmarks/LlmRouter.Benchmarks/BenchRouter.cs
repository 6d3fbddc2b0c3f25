using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.Benchmarks;

/// <summary>Builds the router as an application would (<c>AddLlmRouter</c>, one provider, resolve <see cref="IChatClient"/>), over a prepared client.</summary>
internal static class BenchRouter
{
    /// <summary>The one routable model's key.</summary>
    public const string ModelKey = PreparedProvider.ProviderName + "/" + PreparedChatClient.ModelId;

    public static ServiceProvider Build(IChatClient client, Action<LlmRouterOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLlmRouter(o =>
            {
                o.AdditionalModels.Add(new ModelDescriptor(PreparedProvider.ProviderName, PreparedChatClient.ModelId, ModelTier.Fast)
                {
                    ContextWindow = 128_000,
                    MaxOutputTokens = 4096,
                    Pricing = new ModelPricing(0.15m, 0.60m),
                    Capabilities = ModelCapabilities.Streaming | ModelCapabilities.Tools,
                });
                o.Models = [ModelKey];
                o.TrackUsage = true;
                configure?.Invoke(o);
            })
            .AddProvider(new PreparedProvider(client));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>Fails the run (in GlobalSetup) when a response did not come through the route the benchmark means to measure.</summary>
    public static void Check(ChatResponse response, string expectedStrategy)
    {
        var info = response.GetRouteInfo() ?? throw new InvalidOperationException("The response carries no RouteInfo: it did not come through the router.");
        if (info.Provider != PreparedProvider.ProviderName || info.Model != PreparedChatClient.ModelId || info.Strategy != expectedStrategy || info.Attempts.Count != 1)
        {
            throw new InvalidOperationException($"Unexpected route: {info}.");
        }
    }
}
