using LlmRouter.Testing;
using LlmRouter.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.Anthropic.Tests.TestSupport;

/// <summary>A router with the Anthropic provider pointed at a loopback server, and a fake provider <c>fake/m</c> to fail over to.</summary>
internal sealed class RoutedAnthropic : IAsyncDisposable
{
    private RoutedAnthropic(LoopbackHttpServer server, ServiceProvider services, FakeLlmProvider fake)
    {
        Server = server;
        Services = services;
        Fake = fake;
    }

    public LoopbackHttpServer Server { get; }

    public ServiceProvider Services { get; }

    public FakeLlmProvider Fake { get; }

    public IChatClient Client => Services.GetRequiredService<IChatClient>();

    public static RoutedAnthropic Create(bool withFallback = false, Action<LlmRouterOptions>? configure = null, string apiKey = "test-key")
    {
        var server = new LoopbackHttpServer();
        var fake = new FakeLlmProvider("fake");
        var services = new ServiceCollection();
        services.AddLlmRouter(o =>
            {
                o.Retry.MaxRetries = 0;
                o.Retry.UseJitter = false;
                if (withFallback)
                {
                    o.AdditionalModels.Add(new ModelDescriptor("fake", "m", ModelTier.Fast) { ContextWindow = 100_000, Pricing = new ModelPricing(0m, 0m) });
                    o.FallbackChain.Add("fake/m");
                }

                configure?.Invoke(o);
            })
            .AddAnthropic(o =>
            {
                o.ApiKey = apiKey;
                o.Endpoint = server.BaseAddress;
            })
            .AddProvider(fake);
        return new RoutedAnthropic(server, services.BuildServiceProvider(validateScopes: true), fake);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
