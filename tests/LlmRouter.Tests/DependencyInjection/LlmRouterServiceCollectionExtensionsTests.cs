using LlmRouter.Testing;
using LlmRouter.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static LlmRouter.Tests.TestSupport.RouterHarness;

namespace LlmRouter.Tests.DependencyInjection;

public class LlmRouterServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddLlmRouter_ResolvesRouterTrackerCatalogAndKeyedClients()
    {
        await using var h = Create();

        Assert.IsType<RouterChatClient>(h.Services.GetRequiredService<IChatClient>());
        Assert.Same(h.Services.GetRequiredService<IChatClient>(), h.Services.GetRequiredService<RouterChatClient>());
        Assert.NotNull(h.Services.GetRequiredService<ILlmRouter>());
        Assert.NotNull(h.Services.GetRequiredService<IUsageTracker>());
        var catalog = h.Services.GetRequiredService<ModelCatalog>();
        Assert.True(catalog.TryResolve("alpha/a-fast", out _));
        Assert.True(catalog.Models.Count > 5, "the built-in catalog is kept beside the added models");

        var keyed = h.Services.GetRequiredKeyedService<IChatClient>("beta/b-smart");
        var response = await keyed.GetResponseAsync(Prompt());
        Assert.Equal("b-smart", response.GetRouteInfo()!.Model);
        Assert.Equal(1, h.Fake(BetaSmart).CallCount);
    }

    [Fact]
    public async Task AddLlmRouter_KeyedClientForUnknownModel_FailsWithSuggestions()
    {
        await using var h = Create();

        var ex = Assert.Throws<LlmException>(() => h.Services.GetRequiredKeyedService<IChatClient>("beta/b-smrt"));

        Assert.Equal(LlmErrorKind.ModelNotFound, ex.Kind);
        Assert.Contains("b-smart", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddLlmRouter_FromConfiguration_BindsOptions()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmRouter:Strategy"] = "cost",
            ["LlmRouter:LocalFirst"] = "true",
            ["LlmRouter:Retry:MaxRetries"] = "1",
            ["LlmRouter:Retry:BaseDelay"] = "00:00:02",
            ["LlmRouter:AttemptTimeout"] = "00:00:30",
            ["LlmRouter:FallbackChain:0"] = "openai/gpt-4o-mini",
            ["LlmRouter:Budgets:DailyLimit"] = "5.5",
            ["LlmRouter:Budgets:Tenants:acme:DailyLimit"] = "1",
            ["LlmRouter:Aliases:cheap"] = "openai/gpt-4o-mini",
        }).Build();
        var services = new ServiceCollection();
        services.AddLlmRouter(config.GetSection("LlmRouter"));
        await using var sp = services.BuildServiceProvider();

        var o = sp.GetRequiredService<IOptions<LlmRouterOptions>>().Value;

        Assert.Equal("cost", o.Strategy);
        Assert.True(o.LocalFirst);
        Assert.Equal(1, o.Retry.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(2), o.Retry.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), o.AttemptTimeout);
        Assert.Equal(["openai/gpt-4o-mini"], o.FallbackChain);
        Assert.Equal(5.5m, o.Budgets.DailyLimit);
        Assert.Equal(1m, o.Budgets.Tenants["acme"].DailyLimit);
        Assert.Equal("openai/gpt-4o-mini", sp.GetRequiredService<ModelCatalog>().Resolve("cheap").Key);
    }

    [Fact]
    public async Task AddLlmRouter_FromConfiguration_BindsAdditionalModelsWithTheirDeprecationDate()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmRouter:AdditionalModels:0:Provider"] = "acme",
            ["LlmRouter:AdditionalModels:0:Id"] = "old-1",
            ["LlmRouter:AdditionalModels:0:Tier"] = "Balanced",
            ["LlmRouter:AdditionalModels:0:ContextWindow"] = "32000",
            ["LlmRouter:AdditionalModels:0:Pricing:InputPerMillion"] = "0.5",
            ["LlmRouter:AdditionalModels:0:Pricing:OutputPerMillion"] = "1.5",
            ["LlmRouter:AdditionalModels:0:DeprecationDate"] = "2026-06-01",
            ["LlmRouter:AdditionalModels:1:Provider"] = "acme",
            ["LlmRouter:AdditionalModels:1:Id"] = "new-2",
            ["LlmRouter:AdditionalModels:1:Tier"] = "Smart",
            ["LlmRouter:AdditionalModels:1:Pricing:InputPerMillion"] = "1",
            ["LlmRouter:AdditionalModels:1:Pricing:OutputPerMillion"] = "2",
        }).Build();
        var services = new ServiceCollection();
        services.AddLlmRouter(config.GetSection("LlmRouter"));
        await using var sp = services.BuildServiceProvider();

        var catalog = sp.GetRequiredService<ModelCatalog>();

        Assert.Equal(new DateOnly(2026, 6, 1), catalog.Resolve("acme/old-1").DeprecationDate);
        Assert.Equal(ModelTier.Balanced, catalog.Resolve("acme/old-1").Tier);
        Assert.Null(catalog.Resolve("acme/new-2").DeprecationDate);

        // Each model has its own prices, and binding them changed no shared default.
        Assert.Equal(new ModelPricing(0.5m, 1.5m), catalog.Resolve("acme/old-1").Pricing);
        Assert.Equal(new ModelPricing(1m, 2m), catalog.Resolve("acme/new-2").Pricing);
        Assert.Equal(new ModelPricing(0m, 0m), ModelPricing.Free);
        Assert.Equal(new ModelPricing(0m, 0m), new ModelDescriptor("p", "m", ModelTier.Fast).Pricing);
    }

    [Fact]
    public async Task AddLlmRouter_InvalidOptions_ReportsEveryProblemTogether()
    {
        var services = new ServiceCollection();
        services.AddLlmRouter(o =>
        {
            o.Retry.MaxRetries = -1;
            o.Retry.BaseDelay = TimeSpan.Zero;
            o.AttemptTimeout = TimeSpan.FromSeconds(-1);
            o.FallbackChain.Add("no-such-model-anywhere");
            o.Budgets.DailyLimit = -1;
            o.Cooldown.FailureThreshold = 0;
        }).AddProvider(new FakeLlmProvider("alpha"));
        await using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IChatClient>());

        Assert.True(ex.Failures.Count() >= 6, string.Join(Environment.NewLine, ex.Failures));
        Assert.Contains(ex.Failures, f => f.Contains("MaxRetries", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("no-such-model-anywhere", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("DailyLimit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddLlmRouter_UnknownStrategy_FailsAtStartupNamingTheRegisteredOnes()
    {
        var services = new ServiceCollection();
        services.AddLlmRouter(o => o.Strategy = "telepathy");
        await using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IChatClient>());

        Assert.Contains("telepathy", ex.Message, StringComparison.Ordinal);
        Assert.Contains("complexity", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddLlmRouter_UnknownStrategy_IsReportedWithEveryOtherProblem()
    {
        var services = new ServiceCollection();
        services.AddLlmRouter(o =>
        {
            o.Strategy = "telepathy";
            o.Retry.MaxRetries = -1;
        });
        await using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<LlmRouterOptions>>().Value);

        Assert.Equal(2, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.Contains("'telepathy' is not a registered routing strategy", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("MaxRetries", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddLlmRouter_StrategyAddedAfterwards_PassesValidation()
    {
        var services = new ServiceCollection();
        services.AddLlmRouter(o => o.Strategy = "always-beta-big").AddStrategy<AlwaysBetaBigStrategy>();
        await using var sp = services.BuildServiceProvider();

        Assert.Equal("always-beta-big", sp.GetRequiredService<IOptions<LlmRouterOptions>>().Value.Strategy);
    }

    [Fact]
    public async Task AddLlmRouter_CalledTwice_RegistersOnce()
    {
        var services = new ServiceCollection();
        services.AddLlmRouter().AddProvider(new FakeLlmProvider("alpha"));
        services.AddLlmRouter();
        await using var sp = services.BuildServiceProvider();

        Assert.Single(sp.GetServices<IChatClient>());
    }

    [Fact]
    public async Task AddLlmRouter_UseUsageStore_ReplacesTheInMemoryStore()
    {
        var services = new ServiceCollection();
        services.AddLlmRouter().UseUsageStore<RecordingUsageStore>();
        await using var sp = services.BuildServiceProvider();

        Assert.IsType<RecordingUsageStore>(sp.GetRequiredService<IUsageStore>());
    }

    [Fact]
    public async Task AddLlmRouter_CustomStrategy_IsChosenByName()
    {
        await using var h = Create(o => o.Strategy = "always-beta-big", services: s => s.AddLlmRouter().AddStrategy<AlwaysBetaBigStrategy>());

        var response = await h.Client.GetResponseAsync(Prompt());

        Assert.Equal("b-big", response.GetRouteInfo()!.Model);
        Assert.Equal("always-beta-big", response.GetRouteInfo()!.Strategy);
    }

    private sealed class AlwaysBetaBigStrategy : IRoutingStrategy
    {
        public string Name => "always-beta-big";

        public ValueTask<RoutePlan> PlanAsync(RoutingRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new RoutePlan(request.Candidates.Where(c => c.Key == BetaBig.Key).ToArray(), Name, "test"));
    }
}
