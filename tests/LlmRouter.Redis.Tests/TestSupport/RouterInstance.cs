using LlmRouter.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmRouter.Redis.Tests.TestSupport;

/// <summary>One router instance (its own container) on a shared Redis, over fake providers <c>alpha</c> and <c>beta</c>.</summary>
internal sealed class RouterInstance : IAsyncDisposable
{
    /// <summary>$1 per million tokens in and out, at most 1,000 tokens out: a request's worst case is about $0.001.</summary>
    public static readonly ModelDescriptor AlphaFast = Model("alpha", "a-fast");

    public static readonly ModelDescriptor BetaFast = Model("beta", "b-fast");

    private RouterInstance(ServiceProvider services, FakeLlmProvider alpha, FakeLlmProvider beta, LogCollector logs)
    {
        Services = services;
        Alpha = alpha;
        Beta = beta;
        Logs = logs;
    }

    public ServiceProvider Services { get; }

    public FakeLlmProvider Alpha { get; }

    public FakeLlmProvider Beta { get; }

    public LogCollector Logs { get; }

    public IChatClient Client => Services.GetRequiredService<IChatClient>();

    public ILlmRouter Router => Services.GetRequiredService<ILlmRouter>();

    public IBudgetLedger Ledger => Services.GetRequiredService<IBudgetLedger>();

    public RedisUsageStore Usage => (RedisUsageStore)Services.GetRequiredService<IUsageStore>();

    public static RouterInstance Create(string configuration, string prefix, Action<LlmRouterOptions>? router = null, Action<RedisRouterOptions>? redis = null, TimeProvider? time = null)
    {
        var alpha = new FakeLlmProvider("alpha", timeProvider: time);
        var beta = new FakeLlmProvider("beta", timeProvider: time);
        var logs = new LogCollector();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(logs);
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddLlmRouter(o =>
            {
                o.Retry.UseJitter = false;
                o.Retry.MaxRetries = 0;
                o.AdditionalModels.Add(AlphaFast);
                o.AdditionalModels.Add(BetaFast);
                o.Models = [AlphaFast.Key, BetaFast.Key];
                o.Strategy = "sequential";
                router?.Invoke(o);
            })
            .AddProvider(alpha)
            .AddProvider(beta)
            .UseRedis(configuration, o =>
            {
                o.KeyPrefix = prefix;
                redis?.Invoke(o);
            });
        var provider = services.BuildServiceProvider(validateScopes: true);
        _ = provider.GetRequiredService<IOptions<RedisRouterOptions>>().Value;
        return new RouterInstance(provider, alpha, beta, logs);
    }

    /// <summary>A response that uses exactly 1,000 output tokens and no input: $0.001, within any reservation's worst case.</summary>
    public static ChatResponse ThousandTokens() => new(new ChatMessage(ChatRole.Assistant, "ok"))
    {
        Usage = new UsageDetails { InputTokenCount = 0, OutputTokenCount = 1_000, TotalTokenCount = 1_000 },
    };

    public static List<ChatMessage> Prompt(string text = "hello") => [new(ChatRole.User, text)];

    /// <summary>Waits until the cooldown channel listens (its subscription made and running cooldowns read).</summary>
    public Task ListeningAsync()
    {
        _ = Services.GetRequiredService<ILlmRouter>(); // creates the route registry, which subscribes
        return Services.GetRequiredService<RedisRouteCooldownChannel>().Listening.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();

    private static ModelDescriptor Model(string provider, string id) => new(provider, id, ModelTier.Fast)
    {
        ContextWindow = 16_000,
        MaxOutputTokens = 1_000,
        Pricing = new ModelPricing(1m, 1m),
        Capabilities = ModelCapabilities.Streaming,
    };
}
