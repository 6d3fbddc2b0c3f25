using System.Text;
using System.Text.Json;
using LlmRouter.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.Tests.Learning;

/// <summary>The cost strategy prices candidates by the answer lengths recorded outcomes predict.</summary>
public class OutcomeLengthPredictorTests
{
    // Verbose is cheaper per token but answers at length; Terse dearer per token but short.
    private static readonly ModelDescriptor Verbose = new("lab", "verbose", ModelTier.Balanced) { ContextWindow = 32_000, MaxOutputTokens = 8_192, Pricing = new ModelPricing(1m, 1m) };
    private static readonly ModelDescriptor Terse = new("lab", "terse", ModelTier.Balanced) { ContextWindow = 32_000, MaxOutputTokens = 8_192, Pricing = new ModelPricing(1m, 4m) };

    private static ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddLlmRouter(o =>
        {
            o.AdditionalModels.Add(Verbose);
            o.AdditionalModels.Add(Terse);
            o.Models = [Verbose.Key, Terse.Key];
        }).AddProvider(new FakeLlmProvider("lab"));
        return services.BuildServiceProvider();
    }

    private static MemoryStream Outcomes(bool withLengths)
    {
        var lines = new StringBuilder();
        for (var i = 0; i < 20; i++)
        {
            var prompt = $"Explain in detail how photosynthesis works in plant number {i}.";
            var scores = new Dictionary<string, double> { [Verbose.Id] = 1.0, [Terse.Id] = 1.0 };
            lines.AppendLine(withLengths
                ? JsonSerializer.Serialize(new { prompt, scores, outputTokens = new Dictionary<string, int> { [Verbose.Id] = 4_000, [Terse.Id] = 50 } })
                : JsonSerializer.Serialize(new { prompt, scores }));
        }

        return new MemoryStream(Encoding.UTF8.GetBytes(lines.ToString()));
    }

    private static Task<RoutePlan> PlanAsync(ServiceProvider sp, ChatOptions? options = null) =>
        sp.GetRequiredService<ILlmRouter>().PlanAsync(
            [new ChatMessage(ChatRole.User, "Explain in detail how photosynthesis works in an oak tree.")],
            (options ?? new ChatOptions()).WithRouting(new RoutingHints { Strategy = "cost" })).AsTask();

    [Fact]
    public async Task CostRoutingStrategy_WithoutRecordedLengths_AssumesTheDefaultLength()
    {
        await using var sp = Build();
        await sp.GetRequiredService<IRoutingFeedback>().ImportAsync(Outcomes(withLengths: false));

        var plan = await PlanAsync(sp);

        Assert.Equal(Verbose.Key, plan.Models[0].Key); // 512 tokens at $1/M beat 512 at $4/M
        Assert.Contains("+ 512 out tokens)", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CostRoutingStrategy_WithRecordedLengths_PricesEachCandidateByItsPredictedLength()
    {
        await using var sp = Build();
        await sp.GetRequiredService<IRoutingFeedback>().ImportAsync(Outcomes(withLengths: true));

        var plan = await PlanAsync(sp);

        Assert.Equal(Terse.Key, plan.Models[0].Key); // ~50 tokens at $4/M beat ~4,000 at $1/M
        Assert.Contains("predicted from recorded outcomes", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CostRoutingStrategy_MaxOutputTokens_CapsThePredictedLength()
    {
        await using var sp = Build();
        await sp.GetRequiredService<IRoutingFeedback>().ImportAsync(Outcomes(withLengths: true));

        var plan = await PlanAsync(sp, new ChatOptions { MaxOutputTokens = 40 });

        Assert.Equal(Verbose.Key, plan.Models[0].Key); // both capped near 40 tokens: the cheaper rate wins again
    }
}
