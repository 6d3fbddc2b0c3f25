using LlmRouter.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Tests.TestSupport;

/// <summary>A router over two fake providers and five test models, on a fake clock.</summary>
internal sealed class RouterHarness : IAsyncDisposable
{
    public static readonly ModelDescriptor AlphaFast = Model("alpha", "a-fast", ModelTier.Fast, 0.10m, 0.40m, 16_000);
    public static readonly ModelDescriptor AlphaSmart = Model("alpha", "a-smart", ModelTier.Smart, 3m, 15m, 200_000);
    public static readonly ModelDescriptor BetaFast = Model("beta", "b-fast", ModelTier.Fast, 0.20m, 0.80m, 32_000);
    public static readonly ModelDescriptor BetaSmart = Model("beta", "b-smart", ModelTier.Smart, 2.5m, 10m, 128_000);
    public static readonly ModelDescriptor BetaBig = Model("beta", "b-big", ModelTier.Frontier, 10m, 40m, 1_000_000);

    private RouterHarness(ServiceProvider services, FakeTimeProvider time, FakeLlmProvider alpha, FakeLlmProvider beta)
    {
        Services = services;
        Time = time;
        Alpha = alpha;
        Beta = beta;
    }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public FakeLlmProvider Alpha { get; }

    public FakeLlmProvider Beta { get; }

    public IChatClient Client => Services.GetRequiredService<IChatClient>();

    public ILlmRouter Router => Services.GetRequiredService<ILlmRouter>();

    public IUsageTracker Usage => Services.GetRequiredService<IUsageTracker>();

    public static ModelDescriptor Model(string provider, string id, ModelTier tier, decimal input, decimal output, int context, ModelCapabilities capabilities = ModelCapabilities.Streaming | ModelCapabilities.Tools) =>
        new(provider, id, tier)
        {
            ContextWindow = context,
            MaxOutputTokens = 4_096,
            Pricing = new ModelPricing(input, output) { CachedInputPerMillion = input / 10 },
            Capabilities = capabilities,
        };

    public static RouterHarness Create(Action<LlmRouterOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        var alpha = new FakeLlmProvider("alpha", timeProvider: time);
        var beta = new FakeLlmProvider("beta", timeProvider: time);
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(time);
        collection.AddLlmRouter(o =>
            {
                o.Retry.UseJitter = false;
                foreach (var m in new[] { AlphaFast, AlphaSmart, BetaFast, BetaSmart, BetaBig })
                {
                    o.AdditionalModels.Add(m);
                }

                configure?.Invoke(o);
            })
            .AddProvider(alpha)
            .AddProvider(beta);
        services?.Invoke(collection);
        return new RouterHarness(collection.BuildServiceProvider(validateScopes: true), time, alpha, beta);
    }

    public FakeChatClient Fake(ModelDescriptor model) => model.Provider == "alpha" ? Alpha.ForModel(model.Id) : Beta.ForModel(model.Id);

    /// <summary>Advances the fake clock in small steps until the task completes (bounded, so a hang fails the test).</summary>
    public async Task<T> RunAsync<T>(Task<T> task, TimeSpan? step = null, int maxSteps = 10_000)
    {
        var by = step ?? TimeSpan.FromMilliseconds(100);
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            await Task.Delay(1);
            if (!task.IsCompleted)
            {
                Time.Advance(by);
            }
        }

        Assert.True(task.IsCompleted, "The request did not complete while the fake clock advanced.");
        return await task;
    }

    public Task RunAsync(Task task, TimeSpan? step = null) => RunAsync(WrapAsync(task), step);

    public static List<ChatMessage> Prompt(string text = "hello") => [new(ChatRole.User, text)];

    public ValueTask DisposeAsync() => Services.DisposeAsync();

    private static async Task<bool> WrapAsync(Task task)
    {
        await task;
        return true;
    }
}
