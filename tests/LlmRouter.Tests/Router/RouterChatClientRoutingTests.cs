using LlmRouter.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static LlmRouter.Tests.TestSupport.RouterHarness;

namespace LlmRouter.Tests.Router;

public class RouterChatClientRoutingTests
{
    [Fact]
    public async Task RouterChatClient_EmptyOrNullMessages_FailBeforeAnyCall()
    {
        await using var h = Create();

        await Assert.ThrowsAsync<ArgumentNullException>(() => h.Client.GetResponseAsync((IEnumerable<ChatMessage>)null!));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Client.GetResponseAsync(new List<ChatMessage>()));
        Assert.Equal(0, h.Fake(AlphaFast).CallCount);
    }

    [Fact]
    public async Task RouterChatClient_UnknownModel_FailsWithCloseMatches()
    {
        await using var h = Create();

        var ex = await Assert.ThrowsAsync<LlmException>(() => h.Client.GetResponseAsync(Prompt(), new ChatOptions { ModelId = "alpha/a-fsat" }));

        Assert.Equal(LlmErrorKind.ModelNotFound, ex.Kind);
        Assert.Contains("alpha/a-fast", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RouterChatClient_ModelOfUnregisteredProvider_FailsClearly()
    {
        await using var h = Create(o => o.AdditionalModels.Add(Model("gamma", "g-1", ModelTier.Fast, 1m, 1m, 8_000)));

        var ex = await Assert.ThrowsAsync<LlmException>(() => h.Client.GetResponseAsync(Prompt(), new ChatOptions { ModelId = "gamma/g-1" }));

        Assert.Contains("not registered", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RouterChatClient_RequestNoModelCanServe_FailsBeforeAnyCall()
    {
        await using var h = Create();
        var image = new ChatMessage(ChatRole.User, [new TextContent("what is this?"), new DataContent(new byte[] { 1, 2, 3 }, "image/png")]);

        var ex = await Assert.ThrowsAsync<LlmException>(() => h.Client.GetResponseAsync([image]));

        Assert.Equal(LlmErrorKind.InvalidRequest, ex.Kind);
        Assert.Contains("Vision", ex.Message, StringComparison.Ordinal);
        Assert.All(new[] { AlphaFast, AlphaSmart, BetaFast, BetaSmart, BetaBig }, m => Assert.Equal(0, h.Fake(m).CallCount));
    }

    [Fact]
    public async Task RouterChatClient_PromptLargerThanEveryWindow_FailsBeforeAnyCall()
    {
        await using var h = Create();
        var huge = new string('x', 4_100_000); // ~1.03M tokens: larger than b-big's 1M window

        var ex = await Assert.ThrowsAsync<LlmException>(() => h.Client.GetResponseAsync(Prompt(huge), new ChatOptions { MaxOutputTokens = 10_000 }));

        Assert.Contains("context window", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RouterChatClient_UnconfiguredProvider_NeverReceivesTraffic()
    {
        await using var h = Create();
        h.Alpha.IsConfigured = false;
        h.Alpha.NotConfiguredReason = "ALPHA_API_KEY is not set";
        var cost = new ChatOptions().WithRouting(new RoutingHints { Strategy = "cost" });

        var response = await h.Client.GetResponseAsync(Prompt(), cost);

        Assert.Equal("beta", response.GetRouteInfo()!.Provider);
        var direct = await Assert.ThrowsAsync<LlmException>(() => h.Client.GetResponseAsync(Prompt(), new ChatOptions { ModelId = AlphaFast.Key }));
        Assert.Equal(LlmErrorKind.Authentication, direct.Kind);
        Assert.Contains("ALPHA_API_KEY", direct.Message, StringComparison.Ordinal);
        var status = (await h.Router.GetProvidersAsync()).Single(p => p.Name == "alpha");
        Assert.False(status.IsConfigured);
        Assert.Equal("ALPHA_API_KEY is not set", status.Detail);
    }

    [Fact]
    public async Task RouterChatClient_ProviderUnconfiguredAfterUse_GetsNoMoreTraffic()
    {
        await using var h = Create(o => o.FallbackChain.Add(BetaFast.Key));
        await h.Client.GetResponseAsync(Prompt(), new ChatOptions { ModelId = AlphaFast.Key });

        h.Alpha.IsConfigured = false;
        var response = await h.Client.GetResponseAsync(Prompt(), new ChatOptions { ModelId = AlphaFast.Key });

        Assert.Equal(1, h.Fake(AlphaFast).CallCount);
        Assert.Equal("beta", response.GetRouteInfo()!.Provider);
        Assert.Equal(LlmErrorKind.Authentication, response.GetRouteInfo()!.Attempts[0].Error);
    }

    [Fact]
    public async Task RouterChatClient_DefaultComplexityStrategy_SendsSimplePromptToCheapTierAndHardOneHigher()
    {
        await using var h = Create();

        var simple = await h.Client.GetResponseAsync(Prompt("hi"));
        var hard = await h.Client.GetResponseAsync(Prompt(
            "Prove step by step that there are infinitely many primes p such that p ≡ 3 (mod 4), then derive the asymptotic density " +
            "and analyze the complexity of an algorithm that enumerates them. Explain why each step of the proof holds, and optimize the algorithm. " +
            "```python\ndef primes(n):\n    return [p for p in range(2, n) if all(p % d for d in range(2, p))]\n```"));

        Assert.Equal("complexity", simple.GetRouteInfo()!.Strategy);
        Assert.Equal(ModelTier.Fast, h.Services.GetRequiredService<ModelCatalog>().Resolve(simple.GetRouteInfo()!.Provider + "/" + simple.GetRouteInfo()!.Model).Tier);
        Assert.True(h.Services.GetRequiredService<ModelCatalog>().Resolve(hard.GetRouteInfo()!.Provider + "/" + hard.GetRouteInfo()!.Model).Tier >= ModelTier.Smart);
    }

    [Fact]
    public async Task RouterChatClient_HintsRestrictCandidates()
    {
        await using var h = Create();
        var options = new ChatOptions().WithRouting(new RoutingHints { Strategy = "cost", AllowedModels = ["b-smart", "alpha/a-smart"] });

        var plan = await h.Router.PlanAsync(Prompt(), options);
        var tiers = await h.Router.PlanAsync(Prompt(), new ChatOptions().WithRouting(new RoutingHints { Strategy = "cost", MinTier = ModelTier.Frontier }));

        Assert.Equal([BetaSmart.Key, AlphaSmart.Key], plan.Models.Select(m => m.Key));
        Assert.Equal([BetaBig.Key], tiers.Models.Select(m => m.Key));
    }

    [Fact]
    public async Task RouterChatClient_SequentialStrategy_RoundRobinsOverCandidates()
    {
        await using var h = Create(o => o.Strategy = "sequential");

        var served = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var info = (await h.Client.GetResponseAsync(Prompt())).GetRouteInfo()!;
            served.Add($"{info.Provider}/{info.Model}");
        }

        Assert.Equal(5, served.Distinct().Count());
        Assert.Equal(served.Take(5), served.Skip(5));
    }

    [Fact]
    public async Task LlmRouter_GetProvidersAsync_ReportsHealthAndFailingChecks()
    {
        await using var h = Create();
        h.Beta.HealthCheckException = new InvalidOperationException("boom");

        var providers = await h.Router.GetProvidersAsync();

        Assert.Equal(["alpha", "beta"], providers.Select(p => p.Name));
        Assert.True(providers[0].IsHealthy);
        Assert.False(providers[1].IsHealthy);
        Assert.Contains("boom", providers[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LlmRouter_CompareAsync_AsksEveryModelAndReportsFailuresWithoutFailover()
    {
        await using var h = Create(o => o.FallbackChain.Add(BetaBig.Key));
        h.Fake(AlphaFast).EnqueueResponse("alpha says");
        h.Fake(BetaFast).EnqueueFailure(LlmErrorKind.Authentication);

        var results = await h.Router.CompareAsync([AlphaFast.Key, "b-fast"], Prompt());

        Assert.Equal("alpha says", results[0].Response!.Text);
        Assert.Null(results[1].Response);
        Assert.Equal(LlmErrorKind.Authentication, results[1].Error!.Kind);
        Assert.Equal(0, h.Fake(BetaBig).CallCount);
    }
}
