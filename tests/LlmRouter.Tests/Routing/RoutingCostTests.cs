using static LlmRouter.Tests.Routing.Strategies.RoutingTestData;

namespace LlmRouter.Tests.Routing;

public class RoutingCostTests
{
    [Fact]
    public void ExpectedOutputTokens_WithoutOptions_IsDefault()
    {
        Assert.Equal(RoutingCost.DefaultExpectedOutputTokens, RoutingCost.ExpectedOutputTokens(Model("p/m", ModelTier.Fast), null));
        Assert.Equal(512, RoutingCost.DefaultExpectedOutputTokens);
    }

    [Fact]
    public void ExpectedOutputTokens_UsesMaxOutputTokensOfTheRequest()
    {
        Assert.Equal(100, RoutingCost.ExpectedOutputTokens(Model("p/m", ModelTier.Fast), new ChatOptions { MaxOutputTokens = 100 }));
    }

    [Fact]
    public void ExpectedOutputTokens_IsCappedByTheModel()
    {
        Assert.Equal(256, RoutingCost.ExpectedOutputTokens(Model("p/m", ModelTier.Fast, maxOutputTokens: 256), null));
    }

    [Fact]
    public void ExpectedCost_PricesInputAndExpectedOutput()
    {
        var model = Model("p/m", ModelTier.Fast, inputPerMillion: 2m, outputPerMillion: 8m);

        var cost = RoutingCost.ExpectedCost(model, 1_000, null);

        Assert.Equal(((1_000 * 2m) + (512 * 8m)) / 1_000_000m, cost);
    }

    [Fact]
    public void WorstCaseOutputTokens_PrefersTheRequestLimit()
    {
        var model = Model("p/m", ModelTier.Fast, maxOutputTokens: 8_000);

        Assert.Equal(1_000, RoutingCost.WorstCaseOutputTokens(model, 10, new ChatOptions { MaxOutputTokens = 1_000 }));
    }

    [Fact]
    public void WorstCaseOutputTokens_FallsBackToTheModelLimit()
    {
        Assert.Equal(8_000, RoutingCost.WorstCaseOutputTokens(Model("p/m", ModelTier.Fast, maxOutputTokens: 8_000), 10, null));
    }

    [Fact]
    public void WorstCaseOutputTokens_NeverExceedsTheModelLimit()
    {
        var model = Model("p/m", ModelTier.Fast, maxOutputTokens: 4_000);

        Assert.Equal(4_000, RoutingCost.WorstCaseOutputTokens(model, 10, new ChatOptions { MaxOutputTokens = 100_000 }));
    }

    [Fact]
    public void WorstCaseOutputTokens_NeverExceedsTheContextLeft()
    {
        var model = Model("p/m", ModelTier.Fast, contextWindow: 10_000);

        Assert.Equal(2_000, RoutingCost.WorstCaseOutputTokens(model, 8_000, null));
        Assert.Equal(0, RoutingCost.WorstCaseOutputTokens(model, 12_000, null));
    }

    [Fact]
    public void WorstCaseOutputTokens_WithNothingKnown_IsConservativeDefault()
    {
        Assert.Equal(RoutingCost.UnknownWorstCaseOutputTokens, RoutingCost.WorstCaseOutputTokens(Model("p/m", ModelTier.Fast), 10, null));
    }

    [Fact]
    public void WorstCaseCost_PricesInputAndWorstCaseOutput()
    {
        var model = Model("p/m", ModelTier.Smart, inputPerMillion: 3m, outputPerMillion: 15m, maxOutputTokens: 4_000);

        Assert.Equal(((2_000 * 3m) + (4_000 * 15m)) / 1_000_000m, RoutingCost.WorstCaseCost(model, 2_000, null));
    }

    [Fact]
    public void Costs_OfFreeModel_AreZero()
    {
        var model = Local("ollama/llama3");

        Assert.Equal(0m, RoutingCost.ExpectedCost(model, 5_000, null));
        Assert.Equal(0m, RoutingCost.WorstCaseCost(model, 5_000, null));
    }

    [Fact]
    public void Costs_NegativeInputEstimate_CountsAsZero()
    {
        var model = Model("p/m", ModelTier.Fast, inputPerMillion: 1m, outputPerMillion: 0m);

        Assert.Equal(0m, RoutingCost.ExpectedCost(model, -5, null));
    }
}
