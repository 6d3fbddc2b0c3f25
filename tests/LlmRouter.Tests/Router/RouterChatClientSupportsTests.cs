using LlmRouter.Tests.TestSupport;
using static LlmRouter.Tests.TestSupport.RouterHarness;

namespace LlmRouter.Tests.Router;

/// <summary>Plans hold only models their provider serves (<see cref="ILlmProvider.Supports"/>).</summary>
public class RouterChatClientSupportsTests
{
    private static RouterHarness CreateWithoutAlphaFast(Action<LlmRouterOptions>? configure = null)
    {
        var h = Create(configure);
        h.Alpha.SupportedModels = m => m.Id != AlphaFast.Id;
        return h;
    }

    [Fact]
    public async Task RouterChatClient_ModelItsProviderDoesNotServe_IsNeverACandidate()
    {
        // The provider must say so before the router is built: routable models are computed once.
        await using var h = CreateWithoutAlphaFast();

        var plan = await h.Router.PlanAsync(Prompt(), new ChatOptions().WithRouting(new RoutingHints { Strategy = "cost", MaxTier = ModelTier.Fast }));

        Assert.DoesNotContain(plan.Models, m => m.Key == AlphaFast.Key);
        Assert.Equal(BetaFast.Key, plan.Models[0].Key);
    }

    [Fact]
    public async Task RouterChatClient_ModelItsProviderDoesNotServe_IsRefusedWithoutACallWhenAskedForByName()
    {
        await using var h = CreateWithoutAlphaFast();

        var ex = await Assert.ThrowsAnyAsync<LlmException>(() => h.Client.GetResponseAsync(Prompt(), new ChatOptions { ModelId = AlphaFast.Key }));

        Assert.Equal(LlmErrorKind.ModelNotFound, ex.Kind);
        Assert.Contains("not served by provider 'alpha'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Fake(AlphaFast).CallCount);
        Assert.Empty(h.Alpha.GetChatClientCalls);
        Assert.Equal(0, (await h.Usage.GetSummaryAsync()).Requests);
    }

    [Fact]
    public async Task RouterChatClient_ModelItsProviderDoesNotServe_FallsBackWithoutACallWhenAskedForByName()
    {
        await using var h = CreateWithoutAlphaFast(o => o.FallbackChain.Add(BetaFast.Key));
        h.Fake(BetaFast).EnqueueResponse("from the fallback");

        var response = await h.Client.GetResponseAsync(Prompt(), new ChatOptions { ModelId = AlphaFast.Key });

        Assert.Equal("from the fallback", response.Text);
        var attempt = response.GetRouteInfo()!.Attempts[0];
        Assert.Equal((LlmErrorKind?)LlmErrorKind.ModelNotFound, attempt.Error);
        Assert.Equal(TimeSpan.Zero, attempt.Duration);
        Assert.Equal(0, h.Fake(AlphaFast).CallCount);
        Assert.Equal(1, (await h.Usage.GetSummaryAsync()).Requests);
    }

    [Fact]
    public async Task RouterChatClient_FallbackItsProviderDoesNotServe_IsLeftOutOfThePlan()
    {
        await using var h = CreateWithoutAlphaFast(o => o.FallbackChain.Add(AlphaFast.Key));

        var plan = await h.Router.PlanAsync(Prompt(), new ChatOptions { ModelId = BetaFast.Key });

        Assert.Equal([BetaFast.Key], plan.Models.Select(m => m.Key));
    }
}
