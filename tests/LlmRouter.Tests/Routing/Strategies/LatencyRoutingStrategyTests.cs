using NSubstitute;
using static LlmRouter.Tests.Routing.Strategies.RoutingTestData;

namespace LlmRouter.Tests.Routing.Strategies;

public class LatencyRoutingStrategyTests
{
    private readonly IRouteStatistics _statistics = Substitute.For<IRouteStatistics>();

    private LatencyRoutingStrategy Strategy() => new(_statistics);

    private void Latency(string key, double? milliseconds) =>
        _statistics.GetAverageLatency(key).Returns(milliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null);

    [Fact]
    public void Name_IsLatency()
    {
        Assert.Equal("latency", Strategy().Name);
    }

    [Fact]
    public async Task PlanAsync_OrdersMeasuredModelsByAverageLatency()
    {
        Latency("p/slow", 2_000);
        Latency("p/fast", 150);
        Latency("p/mid", 700);

        var plan = await Strategy().PlanAsync(
            Request([Model("p/slow", ModelTier.Fast), Model("p/fast", ModelTier.Frontier, 50m, 50m), Model("p/mid", ModelTier.Balanced)]),
            CancellationToken.None);

        Assert.Equal(["p/fast", "p/mid", "p/slow"], Keys(plan));
        Assert.Equal("latency: p/fast fastest at 150 ms average (3 of 3 measured)", plan.Reason);
    }

    [Fact]
    public async Task PlanAsync_UnmeasuredModelsFollowMeasuredOnesCheapestFirst()
    {
        Latency("p/measured-slow", 5_000);
        Latency("p/measured-fast", 300);

        var plan = await Strategy().PlanAsync(
            Request(
            [
                Model("p/new-dear", ModelTier.Smart, 10m, 30m),
                Model("p/measured-slow", ModelTier.Smart, 10m, 30m),
                Model("p/new-cheap", ModelTier.Fast, 0.1m, 0.4m),
                Model("p/measured-fast", ModelTier.Smart, 10m, 30m),
            ]),
            CancellationToken.None);

        Assert.Equal(["p/measured-fast", "p/measured-slow", "p/new-cheap", "p/new-dear"], Keys(plan));
        Assert.Equal("latency: p/measured-fast fastest at 300 ms average (2 of 4 measured; unmeasured last, cheapest first)", plan.Reason);
    }

    [Fact]
    public async Task PlanAsync_NothingMeasured_OrdersByCostAndSaysSo()
    {
        var plan = await Strategy().PlanAsync(
            Request([Model("p/dear", ModelTier.Smart, 10m, 30m), Local("ollama/free"), Model("p/cheap", ModelTier.Fast, 0.1m, 0.4m)]),
            CancellationToken.None);

        Assert.Equal(["ollama/free", "p/cheap", "p/dear"], Keys(plan));
        Assert.Equal("latency: no latency measured yet, cheapest first: ollama/free", plan.Reason);
    }

    [Fact]
    public async Task PlanAsync_EqualLatency_PrefersCheaperThenHigherTierThenKey()
    {
        Latency("p/dear", 400);
        Latency("p/cheap", 400);
        Latency("b/same", 400);
        Latency("a/same", 400);

        var plan = await Strategy().PlanAsync(
            Request(
            [
                Model("p/dear", ModelTier.Frontier, 10m, 10m),
                Model("b/same", ModelTier.Balanced, 1m, 1m),
                Model("p/cheap", ModelTier.Fast, 0.5m, 0.5m),
                Model("a/same", ModelTier.Balanced, 1m, 1m),
            ]),
            CancellationToken.None);

        Assert.Equal(["p/cheap", "a/same", "b/same", "p/dear"], Keys(plan));
    }

    [Fact]
    public async Task PlanAsync_AsksStatisticsByModelKey()
    {
        await Strategy().PlanAsync(Request([Model("openai/gpt-4o", ModelTier.Smart)]), CancellationToken.None);

        _statistics.Received(1).GetAverageLatency("openai/gpt-4o");
    }

    [Fact]
    public async Task PlanAsync_NoCandidates_ReturnsEmptyPlanWithReason()
    {
        var plan = await Strategy().PlanAsync(Request([]), CancellationToken.None);

        Assert.Empty(plan.Models);
        Assert.Contains("no candidate", plan.Reason, StringComparison.Ordinal);
        _statistics.DidNotReceiveWithAnyArgs().GetAverageLatency(default!);
    }

    [Fact]
    public async Task PlanAsync_DoesNotMutateTheRequest()
    {
        Latency("p/b", 10);
        var a = Model("p/a", ModelTier.Fast);
        var b = Model("p/b", ModelTier.Fast);
        var candidates = new List<ModelDescriptor> { a, b };

        var plan = await Strategy().PlanAsync(Request(candidates), CancellationToken.None);

        Assert.Equal(["p/b", "p/a"], Keys(plan));
        Assert.Equal([a, b], candidates);
    }

    [Fact]
    public void Constructor_NullStatistics_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new LatencyRoutingStrategy(null!));
    }
}
