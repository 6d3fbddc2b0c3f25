using static LlmRouter.Tests.Routing.Strategies.RoutingTestData;

namespace LlmRouter.Tests.Routing.Strategies;

public class CostRoutingStrategyTests
{
    private readonly CostRoutingStrategy _strategy = new();

    [Fact]
    public void Name_IsCost()
    {
        Assert.Equal("cost", _strategy.Name);
    }

    [Fact]
    public async Task PlanAsync_OrdersByExpectedCostCheapestFirst()
    {
        ModelDescriptor[] candidates =
        [
            Model("p/dear", ModelTier.Frontier, 15m, 75m),
            Model("p/cheap", ModelTier.Fast, 0.1m, 0.4m),
            Local("ollama/free"),
            Model("p/mid", ModelTier.Balanced, 1m, 4m),
        ];

        var plan = await _strategy.PlanAsync(Request(candidates), CancellationToken.None);

        Assert.Equal(["ollama/free", "p/cheap", "p/mid", "p/dear"], Keys(plan));
    }

    [Fact]
    public async Task PlanAsync_EqualCost_PrefersHigherTierThenKey()
    {
        ModelDescriptor[] candidates =
        [
            Model("z/fast", ModelTier.Fast, 1m, 1m),
            Model("b/smart", ModelTier.Smart, 1m, 1m),
            Model("a/smart", ModelTier.Smart, 1m, 1m),
            Model("a/balanced", ModelTier.Balanced, 1m, 1m),
        ];

        var plan = await _strategy.PlanAsync(Request(candidates), CancellationToken.None);

        Assert.Equal(["a/smart", "b/smart", "a/balanced", "z/fast"], Keys(plan));
    }

    [Fact]
    public async Task PlanAsync_UsesTheRequestsMaxOutputTokens()
    {
        // A: cheap input, dear output. B: dear input, cheap output.
        var a = Model("p/a", ModelTier.Fast, inputPerMillion: 1m, outputPerMillion: 20m);
        var b = Model("p/b", ModelTier.Fast, inputPerMillion: 4m, outputPerMillion: 1m);

        var terse = await _strategy.PlanAsync(Request([b, a], options: new ChatOptions { MaxOutputTokens = 10 }), CancellationToken.None);
        var verbose = await _strategy.PlanAsync(Request([a, b], options: new ChatOptions { MaxOutputTokens = 4_000 }), CancellationToken.None);

        Assert.Equal("p/a", terse.Models[0].Key);
        Assert.Equal("p/b", verbose.Models[0].Key);
    }

    [Fact]
    public async Task PlanAsync_Reason_NamesTheCheapestAndItsExpectedCost()
    {
        var plan = await _strategy.PlanAsync(
            Request([Model("p/dear", ModelTier.Smart, 10m, 10m), Model("p/cheap", ModelTier.Fast, 1m, 2m)], estimatedInputTokens: 1_000),
            CancellationToken.None);

        // 1,000 × $1/M + 512 × $2/M = $0.002024
        Assert.Equal("cost: p/cheap cheapest at $0.002024 expected (1000 in + 512 out tokens)", plan.Reason);
    }

    [Fact]
    public async Task PlanAsync_MaxCost_LeavesOutModelsWhoseWorstCaseIsOver()
    {
        // Worst case with 1,000 input tokens and the model's 1,000 output tokens.
        var cheap = Model("p/cheap", ModelTier.Fast, 1m, 1m, maxOutputTokens: 1_000);        // $0.002
        var mid = Model("p/mid", ModelTier.Balanced, 3m, 5m, maxOutputTokens: 1_000);         // $0.008
        var dear = Model("p/dear", ModelTier.Frontier, 15m, 75m, maxOutputTokens: 1_000);     // $0.09
        var request = Request([dear, mid, cheap], new RoutingHints { MaxCost = 0.01m });

        var plan = await _strategy.PlanAsync(request, CancellationToken.None);

        Assert.Equal(["p/cheap", "p/mid"], Keys(plan));
        Assert.EndsWith("; 1 of 3 over MaxCost $0.01 left out", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_MaxCost_UsesTheRequestsOutputLimitForTheWorstCase()
    {
        // 1,000 input tokens: with the model's 32,000 output tokens the worst case is $2.415, with 50 it is $0.01875.
        var dear = Model("p/dear", ModelTier.Frontier, 15m, 75m, maxOutputTokens: 32_000);
        var hints = new RoutingHints { MaxCost = 0.02m };

        var unlimited = await _strategy.PlanAsync(Request([dear], hints), CancellationToken.None);
        var limited = await _strategy.PlanAsync(Request([dear], hints, new ChatOptions { MaxOutputTokens = 50 }), CancellationToken.None);

        Assert.Contains("exceeds MaxCost", unlimited.Reason, StringComparison.Ordinal);
        Assert.Equal(["p/dear"], Keys(limited));
        Assert.DoesNotContain("MaxCost", limited.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_MaxCostExcludesEverything_KeepsTheLowestWorstCaseAndSaysSo()
    {
        var a = Model("p/a", ModelTier.Smart, 10m, 40m, maxOutputTokens: 4_000);     // 1,000 × 10 + 4,000 × 40 = $0.17
        var b = Model("p/b", ModelTier.Fast, 1m, 10m, maxOutputTokens: 8_000);       // 1,000 × 1 + 8,000 × 10 = $0.081
        var c = Model("p/c", ModelTier.Balanced, 2m, 20m, maxOutputTokens: 4_000);   // 1,000 × 2 + 4,000 × 20 = $0.082
        var request = Request([a, b, c], new RoutingHints { MaxCost = 0.001m });

        var plan = await _strategy.PlanAsync(request, CancellationToken.None);

        Assert.Equal(["p/b"], Keys(plan));
        Assert.Equal("cost: every candidate's worst case exceeds MaxCost $0.001; keeping the cheapest, p/b (worst case $0.081)", plan.Reason);
    }

    [Fact]
    public async Task PlanAsync_WithoutMaxCost_KeepsEveryCandidate()
    {
        ModelDescriptor[] candidates = [Model("p/a", ModelTier.Frontier, 100m, 100m, maxOutputTokens: 100_000), Model("p/b", ModelTier.Fast)];

        var plan = await _strategy.PlanAsync(Request(candidates), CancellationToken.None);

        Assert.Equal(2, plan.Models.Count);
        Assert.DoesNotContain("MaxCost", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_NoCandidates_ReturnsEmptyPlanWithReason()
    {
        var plan = await _strategy.PlanAsync(Request([]), CancellationToken.None);

        Assert.Empty(plan.Models);
        Assert.Contains("no candidate", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_DoesNotMutateTheRequest()
    {
        var dear = Model("p/dear", ModelTier.Frontier, 15m, 75m);
        var cheap = Model("p/cheap", ModelTier.Fast, 0.1m, 0.4m);
        var candidates = new List<ModelDescriptor> { dear, cheap };

        await _strategy.PlanAsync(Request(candidates, new RoutingHints { MaxCost = 1m }), CancellationToken.None);

        Assert.Equal([dear, cheap], candidates);
    }
}
