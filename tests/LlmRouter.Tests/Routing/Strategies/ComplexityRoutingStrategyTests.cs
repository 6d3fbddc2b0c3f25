using NSubstitute;
using static LlmRouter.Tests.Routing.Strategies.RoutingTestData;

namespace LlmRouter.Tests.Routing.Strategies;

public class ComplexityRoutingStrategyTests
{
    // Prices per million tokens; with 1,000 input and 512 output tokens the expected costs order as named.
    private static readonly ModelDescriptor LocalLlama = Local("ollama/llama3");
    private static readonly ModelDescriptor LocalQwen = Local("ollama/qwen");
    private static readonly ModelDescriptor FastCheap = Model("openai/fast-cheap", ModelTier.Fast, 0.1m, 0.4m);
    private static readonly ModelDescriptor FastDear = Model("google/fast-dear", ModelTier.Fast, 0.3m, 1.2m);
    private static readonly ModelDescriptor BalancedCheap = Model("openai/balanced-cheap", ModelTier.Balanced, 0.4m, 1.6m);
    private static readonly ModelDescriptor BalancedDear = Model("anthropic/balanced-dear", ModelTier.Balanced, 1m, 5m);
    private static readonly ModelDescriptor SmartCheap = Model("openai/smart-cheap", ModelTier.Smart, 2m, 8m);
    private static readonly ModelDescriptor SmartDear = Model("anthropic/smart-dear", ModelTier.Smart, 3m, 15m);
    private static readonly ModelDescriptor Frontier = Model("anthropic/frontier", ModelTier.Frontier, 15m, 75m);

    private static readonly ModelDescriptor[] All =
        [Frontier, LocalLlama, SmartDear, FastDear, BalancedDear, SmartCheap, FastCheap, BalancedCheap, LocalQwen];

    private static ComplexityRoutingStrategy Strategy(ModelTier tier, double score = 0.5, params string[] signals)
    {
        var classifier = Substitute.For<IComplexityClassifier>();
        classifier.Assess(Arg.Any<IReadOnlyList<ChatMessage>>(), Arg.Any<ChatOptions?>())
            .Returns(new ComplexityAssessment(score, TaskType.Moderate, tier, signals));
        return new ComplexityRoutingStrategy(classifier);
    }

    [Fact]
    public void Name_IsComplexity()
    {
        Assert.Equal("complexity", Strategy(ModelTier.Fast).Name);
    }

    [Fact]
    public async Task PlanAsync_Balanced_OrdersTierCheapestFirstThenUpThenDown()
    {
        var plan = await Strategy(ModelTier.Balanced).PlanAsync(Request(All), CancellationToken.None);

        Assert.Equal(
            [
                "openai/balanced-cheap", "anthropic/balanced-dear",
                "openai/smart-cheap", "anthropic/smart-dear",
                "anthropic/frontier",
                "openai/fast-cheap", "google/fast-dear",
                "ollama/llama3", "ollama/qwen",
            ],
            Keys(plan));
        Assert.Equal("complexity", plan.Strategy);
    }

    [Fact]
    public async Task PlanAsync_Frontier_GoesDownClosestTierFirst()
    {
        var plan = await Strategy(ModelTier.Frontier).PlanAsync(Request(All), CancellationToken.None);

        Assert.Equal(
            [
                "anthropic/frontier",
                "openai/smart-cheap", "anthropic/smart-dear",
                "openai/balanced-cheap", "anthropic/balanced-dear",
                "openai/fast-cheap", "google/fast-dear",
                "ollama/llama3", "ollama/qwen",
            ],
            Keys(plan));
    }

    [Fact]
    public async Task PlanAsync_IncludesEveryCandidateOnce()
    {
        foreach (var tier in new[] { ModelTier.Fast, ModelTier.Balanced, ModelTier.Smart, ModelTier.Frontier })
        {
            var plan = await Strategy(tier).PlanAsync(Request(All, localFirst: true), CancellationToken.None);

            Assert.Equal(All.Length, plan.Models.Count);
            Assert.Equal(All.Length, plan.Models.Distinct().Count());
        }
    }

    [Fact]
    public async Task PlanAsync_Reason_NamesScoreSignalsTierAndChoice()
    {
        var plan = await Strategy(ModelTier.Smart, 0.62, "code", "long prompt").PlanAsync(Request(All), CancellationToken.None);

        Assert.Equal("complexity 0.62 (code, long prompt) → Smart: openai/smart-cheap cheapest of 2", plan.Reason);
    }

    [Fact]
    public async Task PlanAsync_Reason_ShowsAtMostThreeSignals()
    {
        var plan = await Strategy(ModelTier.Smart, 0.9, "a", "b", "c", "d").PlanAsync(Request(All), CancellationToken.None);

        Assert.StartsWith("complexity 0.90 (a, b, c, …) → Smart", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_Reason_UsesInvariantCulture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var plan = await Strategy(ModelTier.Smart, 0.5).PlanAsync(Request(All), CancellationToken.None);

            Assert.StartsWith("complexity 0.50", plan.Reason, StringComparison.Ordinal);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public async Task PlanAsync_MinTierHint_ClampsTheTargetUp()
    {
        var request = Request(All, new RoutingHints { MinTier = ModelTier.Smart });

        var plan = await Strategy(ModelTier.Fast).PlanAsync(request, CancellationToken.None);

        Assert.Equal("openai/smart-cheap", plan.Models[0].Key);
        Assert.Contains("→ Smart (clamped from Fast by hints)", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_MaxTierHint_ClampsTheTargetDown()
    {
        var request = Request(All, new RoutingHints { MaxTier = ModelTier.Balanced });

        var plan = await Strategy(ModelTier.Frontier).PlanAsync(request, CancellationToken.None);

        Assert.Equal("openai/balanced-cheap", plan.Models[0].Key);
        Assert.Contains("clamped from Frontier", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_TierWithinHints_IsNotClamped()
    {
        var request = Request(All, new RoutingHints { MinTier = ModelTier.Fast, MaxTier = ModelTier.Smart });

        var plan = await Strategy(ModelTier.Balanced).PlanAsync(request, CancellationToken.None);

        Assert.Equal("openai/balanced-cheap", plan.Models[0].Key);
        Assert.DoesNotContain("clamped", plan.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ModelTier.Fast)]
    [InlineData(ModelTier.Balanced)]
    public async Task PlanAsync_LocalFirst_PutsLocalModelsFirstForEasyPrompts(ModelTier tier)
    {
        var plan = await Strategy(tier).PlanAsync(Request(All, localFirst: true), CancellationToken.None);

        Assert.Equal(["ollama/llama3", "ollama/qwen"], Keys(plan)[..2]);
        Assert.Equal(tier, plan.Models[2].Tier);
        Assert.Contains("local first, ollama/llama3 of 2 local", plan.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ModelTier.Smart)]
    [InlineData(ModelTier.Frontier)]
    public async Task PlanAsync_LocalFirst_KeepsLocalModelsLastForHardPrompts(ModelTier tier)
    {
        var plan = await Strategy(tier).PlanAsync(Request(All, localFirst: true), CancellationToken.None);

        Assert.Equal(tier, plan.Models[0].Tier);
        Assert.Equal(["ollama/llama3", "ollama/qwen"], Keys(plan)[^2..]);
        Assert.DoesNotContain("local first", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_LocalFirstWithMaxTierClamp_AppliesToClampedTarget()
    {
        var request = Request(All, new RoutingHints { MaxTier = ModelTier.Balanced }, localFirst: true);

        var plan = await Strategy(ModelTier.Frontier).PlanAsync(request, CancellationToken.None);

        Assert.Equal(ModelTier.Local, plan.Models[0].Tier);
    }

    [Fact]
    public async Task PlanAsync_LocalFirstWithoutLocalCandidates_UsesTheTier()
    {
        var plan = await Strategy(ModelTier.Fast).PlanAsync(Request([BalancedCheap, FastDear, FastCheap], localFirst: true), CancellationToken.None);

        Assert.Equal(["openai/fast-cheap", "google/fast-dear", "openai/balanced-cheap"], Keys(plan));
        Assert.DoesNotContain("local first", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_WithoutLocalFirst_LocalModelsComeLastForFastPrompts()
    {
        var plan = await Strategy(ModelTier.Fast).PlanAsync(Request(All), CancellationToken.None);

        Assert.Equal("openai/fast-cheap", plan.Models[0].Key);
        Assert.Equal(["ollama/llama3", "ollama/qwen"], Keys(plan)[^2..]);
    }

    [Fact]
    public async Task PlanAsync_NoCandidateInTier_TakesTheNextTierUpAndSaysSo()
    {
        var plan = await Strategy(ModelTier.Smart, 0.6).PlanAsync(Request([BalancedCheap, Frontier, FastCheap]), CancellationToken.None);

        Assert.Equal(["anthropic/frontier", "openai/balanced-cheap", "openai/fast-cheap"], Keys(plan));
        Assert.Contains("no Smart candidate, anthropic/frontier (Frontier) instead", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_NoCandidateInTierOrAbove_TakesTheClosestTierBelow()
    {
        var plan = await Strategy(ModelTier.Frontier).PlanAsync(Request([FastCheap, LocalLlama, BalancedDear]), CancellationToken.None);

        Assert.Equal(["anthropic/balanced-dear", "openai/fast-cheap", "ollama/llama3"], Keys(plan));
        Assert.Contains("no Frontier candidate", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_CheapestDependsOnThePromptSize()
    {
        // A: cheap input, dear output. B: dear input, cheap output.
        var a = Model("p/a", ModelTier.Balanced, inputPerMillion: 1m, outputPerMillion: 10m);
        var b = Model("p/b", ModelTier.Balanced, inputPerMillion: 5m, outputPerMillion: 2m);
        var strategy = Strategy(ModelTier.Balanced);

        var shortPrompt = await strategy.PlanAsync(Request([a, b], estimatedInputTokens: 100), CancellationToken.None);
        var longPrompt = await strategy.PlanAsync(Request([a, b], estimatedInputTokens: 100_000), CancellationToken.None);

        Assert.Equal("p/b", shortPrompt.Models[0].Key);
        Assert.Equal("p/a", longPrompt.Models[0].Key);
    }

    [Fact]
    public async Task PlanAsync_LocalModelsCountAsFreeEvenWhenPriced()
    {
        var pricedLocal = Model("vllm/big", ModelTier.Local, inputPerMillion: 100m, outputPerMillion: 100m);
        var freeLocal = Local("ollama/small");

        var plan = await Strategy(ModelTier.Fast).PlanAsync(Request([pricedLocal, freeLocal], localFirst: true), CancellationToken.None);

        // Both count as free, so the tie is broken by key.
        Assert.Equal(["ollama/small", "vllm/big"], Keys(plan));
    }

    [Fact]
    public async Task PlanAsync_EqualPrices_BreaksTiesByKey()
    {
        var b = Model("zeta/m", ModelTier.Fast, 1m, 1m);
        var a = Model("alpha/m", ModelTier.Fast, 1m, 1m);
        var c = Model("alpha/n", ModelTier.Fast, 1m, 1m);

        var plan = await Strategy(ModelTier.Fast).PlanAsync(Request([b, c, a]), CancellationToken.None);

        Assert.Equal(["alpha/m", "alpha/n", "zeta/m"], Keys(plan));
    }

    [Fact]
    public async Task PlanAsync_DoesNotMutateTheRequest()
    {
        var candidates = new List<ModelDescriptor>(All);
        var request = Request(candidates, new RoutingHints { MinTier = ModelTier.Fast }, localFirst: true);

        await Strategy(ModelTier.Smart).PlanAsync(request, CancellationToken.None);

        Assert.Equal(All, candidates);
        Assert.Same(candidates, request.Candidates);
    }

    [Fact]
    public async Task PlanAsync_NoCandidates_ReturnsEmptyPlanWithReason()
    {
        var classifier = Substitute.For<IComplexityClassifier>();
        var strategy = new ComplexityRoutingStrategy(classifier);

        var plan = await strategy.PlanAsync(Request([]), CancellationToken.None);

        Assert.Empty(plan.Models);
        Assert.Contains("no candidate", plan.Reason, StringComparison.Ordinal);
        classifier.DidNotReceiveWithAnyArgs().Assess(default!, default);
    }

    [Fact]
    public async Task PlanAsync_SingleCandidate_ReturnsIt()
    {
        var plan = await Strategy(ModelTier.Frontier).PlanAsync(Request([FastCheap]), CancellationToken.None);

        Assert.Equal(["openai/fast-cheap"], Keys(plan));
    }

    [Fact]
    public async Task PlanAsync_PassesMessagesAndOptionsToTheClassifier()
    {
        var classifier = Substitute.For<IComplexityClassifier>();
        classifier.Assess(default!, default).ReturnsForAnyArgs(new ComplexityAssessment(0.1, TaskType.Simple, ModelTier.Fast, []));
        var options = new ChatOptions { Temperature = 0.2f };
        var request = Request(All, options: options);

        await new ComplexityRoutingStrategy(classifier).PlanAsync(request, CancellationToken.None);

        classifier.Received(1).Assess(request.Messages, options);
    }

    [Fact]
    public async Task PlanAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(async () => await Strategy(ModelTier.Fast).PlanAsync(Request(All), cts.Token));
    }

    [Fact]
    public async Task PlanAsync_WithHeuristicClassifier_SendsGreetingsToFastAndProofsUp()
    {
        var strategy = new ComplexityRoutingStrategy(new HeuristicComplexityClassifier());

        var greeting = await strategy.PlanAsync(Request(All, prompt: "Hi there!"), CancellationToken.None);
        var proof = await strategy.PlanAsync(
            Request(All, prompt: "Prove rigorously, step by step, that every bounded monotone sequence converges, and derive the rate for a_n = 1 - 1/n^2."),
            CancellationToken.None);

        Assert.Equal("openai/fast-cheap", greeting.Models[0].Key);
        Assert.StartsWith("complexity 0.00 (greeting) → Fast", greeting.Reason, StringComparison.Ordinal);
        Assert.True(proof.Models[0].Tier >= ModelTier.Smart, proof.Reason);
    }

    [Fact]
    public void Constructor_NullClassifier_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new ComplexityRoutingStrategy(null!));
    }
}
