using NSubstitute;
using static LlmRouter.Tests.Routing.Strategies.RoutingTestData;

namespace LlmRouter.Tests.Routing.Strategies;

/// <summary>What the router relies on from every built-in strategy.</summary>
public class BuiltInStrategyContractTests
{
    public static TheoryData<string> Names => new() { "complexity", "sequential", "cost", "latency" };

    private static IRoutingStrategy Create(string name)
    {
        var statistics = Substitute.For<IRouteStatistics>();
        statistics.GetAverageLatency("p/b").Returns(TimeSpan.FromMilliseconds(80));
        return name switch
        {
            RoutingStrategyNames.Complexity => new ComplexityRoutingStrategy(new HeuristicComplexityClassifier()),
            RoutingStrategyNames.Sequential => new SequentialRoutingStrategy(),
            RoutingStrategyNames.Cost => new CostRoutingStrategy(),
            RoutingStrategyNames.Latency => new LatencyRoutingStrategy(statistics),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    private static readonly ModelDescriptor[] Candidates =
    [
        Model("p/a", ModelTier.Frontier, 15m, 75m),
        Model("p/b", ModelTier.Fast, 0.1m, 0.4m),
        Local("p/c"),
        Model("p/d", ModelTier.Smart, 3m, 15m),
        Model("p/e", ModelTier.Balanced, 1m, 4m),
    ];

    [Theory]
    [MemberData(nameof(Names))]
    public void Name_MatchesTheConstant(string name)
    {
        Assert.Equal(name, Create(name).Name);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task PlanAsync_OrdersEveryCandidateExactlyOnce(string name)
    {
        var strategy = Create(name);

        for (var i = 0; i < 3; i++)
        {
            var plan = await strategy.PlanAsync(Request(Candidates, localFirst: i == 1), CancellationToken.None);

            Assert.Equal(name, plan.Strategy);
            Assert.False(string.IsNullOrWhiteSpace(plan.Reason));
            Assert.Equal(Candidates.OrderBy(m => m.Key), plan.Models.OrderBy(m => m.Key));
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task PlanAsync_NoCandidates_ReturnsEmptyPlanSayingSo(string name)
    {
        var plan = await Create(name).PlanAsync(Request([]), CancellationToken.None);

        Assert.Empty(plan.Models);
        Assert.Equal($"{name}: no candidate models", plan.Reason);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task PlanAsync_DoesNotChangeTheCandidates(string name)
    {
        var candidates = new List<ModelDescriptor>(Candidates);
        var request = Request(candidates, new RoutingHints { MaxCost = 10m });

        await Create(name).PlanAsync(request, CancellationToken.None);

        Assert.Equal(Candidates, candidates);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task PlanAsync_NullRequest_Throws(string name)
    {
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Create(name).PlanAsync(null!, CancellationToken.None));
    }
}
