using static LlmRouter.Tests.Routing.Strategies.RoutingTestData;

namespace LlmRouter.Tests.Routing.Strategies;

public class SequentialRoutingStrategyTests
{
    private static readonly ModelDescriptor A = Model("p/a", ModelTier.Smart);
    private static readonly ModelDescriptor B = Model("p/b", ModelTier.Fast);
    private static readonly ModelDescriptor C = Model("p/c", ModelTier.Local);

    [Fact]
    public void Name_IsSequential()
    {
        Assert.Equal("sequential", new SequentialRoutingStrategy().Name);
    }

    [Fact]
    public async Task PlanAsync_RotatesTheStartAndKeepsTheGivenOrderCyclically()
    {
        var strategy = new SequentialRoutingStrategy();
        var request = Request([A, B, C]);

        var plans = new List<string[]>();
        for (var i = 0; i < 4; i++)
        {
            plans.Add(Keys(await strategy.PlanAsync(request, CancellationToken.None)));
        }

        Assert.Equal(["p/a", "p/b", "p/c"], plans[0]);
        Assert.Equal(["p/b", "p/c", "p/a"], plans[1]);
        Assert.Equal(["p/c", "p/a", "p/b"], plans[2]);
        Assert.Equal(["p/a", "p/b", "p/c"], plans[3]);
    }

    [Fact]
    public async Task PlanAsync_IgnoresTierAndPrice()
    {
        var dear = Model("p/dear", ModelTier.Frontier, 100m, 100m);
        var cheap = Model("p/cheap", ModelTier.Fast, 0.1m, 0.1m);

        var plan = await new SequentialRoutingStrategy().PlanAsync(Request([dear, cheap]), CancellationToken.None);

        Assert.Equal(["p/dear", "p/cheap"], Keys(plan));
    }

    [Fact]
    public async Task PlanAsync_Reason_NamesRequestAndStart()
    {
        var strategy = new SequentialRoutingStrategy();
        await strategy.PlanAsync(Request([A, B, C]), CancellationToken.None);

        var plan = await strategy.PlanAsync(Request([A, B, C]), CancellationToken.None);

        Assert.Equal("sequential: round robin, request 1 starts at p/b (2 of 3)", plan.Reason);
        Assert.Equal("sequential", plan.Strategy);
    }

    [Fact]
    public async Task PlanAsync_SixteenParallelCallers_HitEveryStartEqually()
    {
        const int Callers = 16;
        const int CallsEach = 250;
        ModelDescriptor[] candidates = [A, B, C, Model("p/d", ModelTier.Balanced)];
        var strategy = new SequentialRoutingStrategy();
        var request = Request(candidates);
        var starts = new int[candidates.Length];
        using var barrier = new Barrier(Callers);

        var tasks = new Task[Callers];
        for (var t = 0; t < Callers; t++)
        {
            tasks[t] = Task.Factory.StartNew(
                () =>
                {
                    barrier.SignalAndWait();
                    for (var i = 0; i < CallsEach; i++)
                    {
                        var plan = strategy.PlanAsync(request, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                        Assert.Equal(candidates.Length, plan.Models.Count);
                        Interlocked.Increment(ref starts[Array.IndexOf(candidates, plan.Models[0])]);
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }

        await Task.WhenAll(tasks);

        Assert.All(starts, count => Assert.Equal(Callers * CallsEach / candidates.Length, count));
    }

    [Fact]
    public async Task PlanAsync_EveryPlanIsARotationOfTheCandidates()
    {
        var strategy = new SequentialRoutingStrategy();
        ModelDescriptor[] candidates = [A, B, C];

        for (var i = 0; i < 7; i++)
        {
            var plan = await strategy.PlanAsync(Request(candidates), CancellationToken.None);
            var start = Array.IndexOf(candidates, plan.Models[0]);
            for (var j = 0; j < candidates.Length; j++)
            {
                Assert.Same(candidates[(start + j) % candidates.Length], plan.Models[j]);
            }
        }
    }

    [Fact]
    public async Task PlanAsync_SingleCandidate_AlwaysReturnsIt()
    {
        var strategy = new SequentialRoutingStrategy();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(["p/a"], Keys(await strategy.PlanAsync(Request([A]), CancellationToken.None)));
        }
    }

    [Fact]
    public async Task PlanAsync_NoCandidates_ReturnsEmptyPlanWithReason()
    {
        var plan = await new SequentialRoutingStrategy().PlanAsync(Request([]), CancellationToken.None);

        Assert.Empty(plan.Models);
        Assert.Contains("no candidate", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_DoesNotMutateTheRequest()
    {
        var candidates = new List<ModelDescriptor> { A, B, C };
        var strategy = new SequentialRoutingStrategy();

        await strategy.PlanAsync(Request(candidates), CancellationToken.None);
        await strategy.PlanAsync(Request(candidates), CancellationToken.None);

        Assert.Equal([A, B, C], candidates);
    }
}
