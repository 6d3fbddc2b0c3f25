using System.Text;
using System.Text.Json;
using LlmRouter.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.Tests.Learning;

/// <summary>The smart strategy on small synthetic outcome sets where the right answer is known.</summary>
public class SmartRoutingStrategyTests
{
    private static readonly ModelDescriptor Weak = new("lab", "weak", ModelTier.Fast) { ContextWindow = 32_000, MaxOutputTokens = 4_096, Pricing = new ModelPricing(0.6m, 0.6m) };
    private static readonly ModelDescriptor Strong = new("lab", "strong", ModelTier.Frontier) { ContextWindow = 128_000, MaxOutputTokens = 4_096, Pricing = new ModelPricing(10m, 30m) };

    private static readonly string[] Countries = ["France", "Spain", "Italy", "Germany", "Poland", "Norway", "Sweden", "Japan", "Kenya", "Chile", "Canada", "Egypt", "Greece", "Turkey", "India", "Brazil", "Mexico", "Ghana", "Nepal", "Cuba"];

    private static ServiceProvider Build(Action<LlmRouterOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLlmRouter(o =>
        {
            o.AdditionalModels.Add(Weak);
            o.AdditionalModels.Add(Strong);
            o.Models = [Weak.Key, Strong.Key];
            configure?.Invoke(o);
        }).AddProvider(new FakeLlmProvider("lab"));
        return services.BuildServiceProvider();
    }

    private static string Geography(string country) => $"What is the capital city of {country}? Answer with the city's name.";

    private static string Calculus(int n, int k) => $"Compute the derivative of x^{n} * sin({k}x) with respect to x, showing each step of the product rule.";

    /// <summary>The weak model is right on every geography question and wrong on every calculus one; the strong one is right on both.</summary>
    private static MemoryStream Outcomes()
    {
        var lines = new StringBuilder();
        void Line(string prompt, double weak) =>
            lines.AppendLine(JsonSerializer.Serialize(new { prompt, scores = new Dictionary<string, double> { [Weak.Id] = weak, [Strong.Id] = 1.0 } }));
        foreach (var country in Countries)
        {
            Line(Geography(country), 1.0);
        }

        for (var n = 2; n < 22; n++)
        {
            Line(Calculus(n, n + 1), 0.0);
        }

        return new MemoryStream(Encoding.UTF8.GetBytes(lines.ToString()));
    }

    private static ChatOptions Smart(double? target = null) => new ChatOptions().WithRouting(new RoutingHints { Strategy = "smart", QualityTarget = target });

    private static Task<RoutePlan> PlanAsync(ServiceProvider sp, string prompt, double? target = null) =>
        sp.GetRequiredService<ILlmRouter>().PlanAsync([new ChatMessage(ChatRole.User, prompt)], Smart(target)).AsTask();

    [Fact]
    public async Task SmartRoutingStrategy_NoOutcomes_PlansAsComplexityDoes()
    {
        await using var sp = Build();
        var router = sp.GetRequiredService<ILlmRouter>();
        var prompt = new[] { new ChatMessage(ChatRole.User, Calculus(3, 5)) };

        var smart = await router.PlanAsync(prompt, Smart());
        var complexity = await router.PlanAsync(prompt, new ChatOptions().WithRouting(new RoutingHints { Strategy = "complexity" }));

        Assert.Equal("smart", smart.Strategy);
        Assert.Equal(complexity.Models, smart.Models);
        Assert.Contains("no outcomes", smart.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmartRoutingStrategy_WeakModelRightOnATopic_ChoosesItThereAndTheStrongOneElsewhere()
    {
        await using var sp = Build();
        await sp.GetRequiredService<IRoutingFeedback>().ImportAsync(Outcomes());

        var geography = await PlanAsync(sp, Geography("Peru"));
        var calculus = await PlanAsync(sp, Calculus(30, 7));

        Assert.Equal(Weak.Key, geography.Models[0].Key);
        Assert.Equal(Strong.Key, calculus.Models[0].Key);
        Assert.Equal([Strong.Key, Weak.Key], geography.Models.Select(m => m.Key).Order(StringComparer.Ordinal)); // both planned, once each
        Assert.Contains($"→ {Strong.Key} (predicted", calculus.Reason, StringComparison.Ordinal);
        Assert.Contains($"runner-up {Weak.Key}", calculus.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmartRoutingStrategy_ThreeModels_ChoosesTheCheapestThatIsRightOnEachTopic()
    {
        // Three prices, three topics: the cheap model knows geography, the middle one calculus as well, only the dear one proofs.
        var middle = new ModelDescriptor("lab", "middle", ModelTier.Smart) { ContextWindow = 64_000, MaxOutputTokens = 4_096, Pricing = new ModelPricing(2m, 6m) };
        var services = new ServiceCollection();
        services.AddLlmRouter(o =>
        {
            o.AdditionalModels.Add(Weak);
            o.AdditionalModels.Add(middle);
            o.AdditionalModels.Add(Strong);
            o.Models = [Weak.Key, middle.Key, Strong.Key];
        }).AddProvider(new FakeLlmProvider("lab"));
        await using var sp = services.BuildServiceProvider();
        var lines = new StringBuilder();
        void Line(string prompt, double weak, double mid) =>
            lines.AppendLine(JsonSerializer.Serialize(new { prompt, scores = new Dictionary<string, double> { [Weak.Id] = weak, [middle.Id] = mid, [Strong.Id] = 1.0 } }));
        foreach (var country in Countries)
        {
            Line(Geography(country), 1.0, 1.0);
        }

        for (var n = 2; n < 22; n++)
        {
            Line(Calculus(n, n + 1), 0.0, 1.0);
            Line($"Prove that there are infinitely many primes of the form {(4 * n) + 3}k + {n}, citing every lemma you use.", 0.0, 0.0);
        }

        await sp.GetRequiredService<IRoutingFeedback>().ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(lines.ToString())));

        var geography = await PlanAsync(sp, Geography("Peru"));
        var calculus = await PlanAsync(sp, Calculus(30, 7));
        var proof = await PlanAsync(sp, "Prove that there are infinitely many primes of the form 91k + 5, citing every lemma you use.");

        Assert.Equal(Weak.Key, geography.Models[0].Key);
        Assert.Equal(middle.Key, calculus.Models[0].Key);
        Assert.Equal(Strong.Key, proof.Models[0].Key);
        Assert.All(new[] { geography, calculus, proof }, plan => Assert.Equal(3, plan.Models.Distinct().Count()));
    }

    [Fact]
    public async Task SmartRoutingStrategy_QualityTarget_MovesTheChoice()
    {
        await using var sp = Build(o => o.Smart.QualityTarget = 0.5);
        await sp.GetRequiredService<IRoutingFeedback>().ImportAsync(Outcomes());
        var prompt = Calculus(30, 7);

        var lenient = await PlanAsync(sp, prompt, target: 0.0);
        var strict = await PlanAsync(sp, prompt, target: 0.99);

        Assert.Equal(Weak.Key, lenient.Models[0].Key); // the cheapest meets a target of 0
        Assert.Equal(Strong.Key, strict.Models[0].Key);
        Assert.Contains("target 0.00", lenient.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmartRoutingStrategy_OutcomesRecordedLater_AreLearnedWithoutARestart()
    {
        await using var sp = Build();
        var before = await PlanAsync(sp, Calculus(30, 7));
        Assert.Contains("no outcomes", before.Reason, StringComparison.Ordinal);

        await sp.GetRequiredService<IRoutingFeedback>().ImportAsync(Outcomes());
        var after = await PlanAsync(sp, Calculus(30, 7));

        Assert.Equal(Strong.Key, after.Models[0].Key);
        Assert.DoesNotContain("no outcomes", after.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutcomeIndex_PromptUnlikeAnythingRecorded_IsPredictedFromTheModelsMeans()
    {
        await using var sp = Build();
        await sp.GetRequiredService<IRoutingFeedback>().ImportAsync(Outcomes());
        var index = sp.GetRequiredService<OutcomeIndex>();
        await index.CatchUpAsync(default);

        var unlike = await index.PredictAsync("Suggest a vegetarian lasagne recipe for twelve guests, with a shopping list.", [Weak, Strong], default);
        var like = await index.PredictAsync(Geography("Peru"), [Weak, Strong], default);

        Assert.InRange(unlike[0].Quality, 0.4, 0.6); // the weak model's mean is 0.5
        Assert.True(unlike[0].Evidence < 0.5 * like[0].Evidence, $"evidence {unlike[0].Evidence} against {like[0].Evidence}");
        Assert.True(like[0].Quality > 0.8, $"predicted {like[0].Quality}");
    }

    [Fact]
    public async Task SmartRoutingStrategy_AfterARestart_LearnsFromTheOutcomesFile()
    {
        var file = Path.Combine(Path.GetTempPath(), $"llmrouter-smart-{Guid.NewGuid():N}.jsonl");
        try
        {
            await using (var first = Build(o => o.Smart.OutcomesFile = file))
            {
                await first.GetRequiredService<IRoutingFeedback>().ImportAsync(Outcomes());
            }

            await using var second = Build(o => o.Smart.OutcomesFile = file);
            var plan = await PlanAsync(second, Calculus(30, 7));

            Assert.Equal(Strong.Key, plan.Models[0].Key);
            Assert.DoesNotContain("no outcomes", plan.Reason, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
