using System.Text;
using LlmRouter.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.Tests.Learning;

public class RoutingFeedbackTests
{
    private static readonly ModelDescriptor Weak = new("lab", "mixtral-8x7b-instruct", ModelTier.Fast) { ContextWindow = 32_000, MaxOutputTokens = 4_096, Pricing = new ModelPricing(0.6m, 0.6m) };
    private static readonly ModelDescriptor Strong = new("lab", "gpt-4-1106-preview", ModelTier.Frontier) { ContextWindow = 128_000, MaxOutputTokens = 4_096, Pricing = new ModelPricing(10m, 30m) };

    private static ServiceProvider Build(Action<LlmRouterOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLlmRouter(o =>
        {
            o.AdditionalModels.Add(Weak);
            o.AdditionalModels.Add(Strong);
            configure?.Invoke(o);
        }).AddProvider(new FakeLlmProvider("lab"));
        return services.BuildServiceProvider();
    }

    private static MemoryStream Lines(params string[] lines) => new(Encoding.UTF8.GetBytes(string.Join('\n', lines)));

    private const string Line1 = """{"id": "mmlu/anatomy/3", "source": "mmlu/anatomy", "prompt": "Which bone is in the ear?\nA. Stapes\nAnswer:", "scores": {"mixtral-8x7b-instruct": 1.0, "gpt-4-1106-preview": 1.0}}""";
    private const string Line2 = """{"id": "gsm8k/7", "source": "gsm8k", "prompt": "Tom has 3 apples and buys 4 more. How many?", "scores": {"mixtral-8x7b-instruct": 0.0, "gpt-4-1106-preview": 1.0}, "outputTokens": {"gpt-4-1106-preview": 42}}""";

    [Fact]
    public async Task RoutingFeedback_Import_AddsOneOutcomePerModelScore()
    {
        await using var sp = Build();
        var feedback = sp.GetRequiredService<IRoutingFeedback>();
        var store = sp.GetRequiredService<IRoutingOutcomeStore>();

        var added = await feedback.ImportAsync(Lines(Line1, "", Line2));

        Assert.Equal(4, added);
        var outcomes = await store.ReadAsync(0);
        Assert.Equal(4, outcomes.Count);
        var gsm = Assert.Single(outcomes, o => o.Source == "gsm8k" && o.Model == Strong.Key);
        Assert.Equal(1.0, gsm.Quality);
        Assert.Equal(42, gsm.OutputTokens);
        Assert.Contains(outcomes, o => o.Model == Weak.Key && o.Quality == 0.0 && o.OutputTokens is null);
    }

    [Theory]
    [InlineData("{\"prompt\": \"p\", \"scores\": {\"mixtral-8x7b-instruct\": 1.0}", "line 2 is not an outcome object")]
    [InlineData("{\"scores\": {\"mixtral-8x7b-instruct\": 1.0}}", "line 2 has no \"prompt\"")]
    [InlineData("{\"prompt\": \"p\", \"scores\": {}}", "line 2 has no \"scores\"")]
    [InlineData("{\"prompt\": \"p\", \"scores\": {\"mixtral-8x7b-instruct\": 1.5}}", "line 2 scores model 'mixtral-8x7b-instruct' 1.5")]
    [InlineData("{\"prompt\": \"p\", \"scores\": {\"no-such-model-anywhere\": 1.0}}", "line 2 names model 'no-such-model-anywhere'")]
    [InlineData("{\"prompt\": \"p\", \"scores\": {\"mixtral-8x7b-instruct\": 1.0}, \"outputTokens\": {\"mixtral-8x7b-instruct\": -1}}", "line 2 gives model 'mixtral-8x7b-instruct' -1 output tokens")]
    public async Task RoutingFeedback_ImportOfAMalformedLine_NamesTheLineAndAddsNothing(string badLine, string expected)
    {
        await using var sp = Build();
        var feedback = sp.GetRequiredService<IRoutingFeedback>();

        var ex = await Assert.ThrowsAsync<InvalidDataException>(async () => await feedback.ImportAsync(Lines(Line1, badLine, Line2)));

        Assert.Contains(expected, ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, sp.GetRequiredService<IRoutingOutcomeStore>().Count);
    }

    [Fact]
    public async Task RoutingFeedback_Record_ResolvesTheModelAndChecksItsInput()
    {
        await using var sp = Build();
        var feedback = sp.GetRequiredService<IRoutingFeedback>();

        await feedback.RecordAsync("What is 2 + 2?", "gpt-4-1106-preview", 1.0, 5);

        var outcome = Assert.Single(await sp.GetRequiredService<IRoutingOutcomeStore>().ReadAsync(0));
        Assert.Equal(Strong.Key, outcome.Model);
        Assert.Equal(5, outcome.OutputTokens);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await feedback.RecordAsync("p", Weak.Key, 1.1, 5));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await feedback.RecordAsync("p", Weak.Key, 0.5, -1));
        await Assert.ThrowsAsync<ArgumentException>(async () => await feedback.RecordAsync(" ", Weak.Key, 0.5, 1));
        var unknown = await Assert.ThrowsAsync<LlmException>(async () => await feedback.RecordAsync("p", "no-such-model-anywhere", 0.5, 1));
        Assert.Equal(LlmErrorKind.ModelNotFound, unknown.Kind);
    }

    [Fact]
    public async Task RoutingFeedback_WithAnOutcomesFile_LosesNothingAcrossARestart()
    {
        var file = Path.Combine(Path.GetTempPath(), $"llmrouter-outcomes-{Guid.NewGuid():N}.jsonl");
        try
        {
            await using (var first = Build(o => o.Smart.OutcomesFile = file))
            {
                await first.GetRequiredService<IRoutingFeedback>().ImportAsync(Lines(Line1, Line2));
                await first.GetRequiredService<IRoutingFeedback>().RecordAsync("Name a prime.", Weak.Key, 1.0, 3);
            }

            await using var second = Build(o => o.Smart.OutcomesFile = file);
            var outcomes = await second.GetRequiredService<IRoutingOutcomeStore>().ReadAsync(0);

            Assert.Equal(5, outcomes.Count);
            Assert.Equal("Name a prime.", outcomes[4].Prompt);
            Assert.Equal(42, outcomes.Single(o => o.Source == "gsm8k" && o.Model == Strong.Key).OutputTokens);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task InMemoryRoutingOutcomeStore_Save_WritesLinesThatImportBack()
    {
        await using var sp = Build();
        await sp.GetRequiredService<IRoutingFeedback>().ImportAsync(Lines(Line1, Line2));
        var saved = new MemoryStream();
        await ((InMemoryRoutingOutcomeStore)sp.GetRequiredService<IRoutingOutcomeStore>()).SaveAsync(saved);

        await using var other = Build();
        saved.Position = 0;
        var added = await other.GetRequiredService<IRoutingFeedback>().ImportAsync(saved);

        Assert.Equal(4, added);
        Assert.Equal(
            (await sp.GetRequiredService<IRoutingOutcomeStore>().ReadAsync(0)).ToArray(),
            (await other.GetRequiredService<IRoutingOutcomeStore>().ReadAsync(0)).ToArray());
    }

    [Fact]
    public void LlmRouterOptionsValidator_QualityTargetOutsideZeroToOne_IsAProblem()
    {
        var options = new LlmRouterOptions();
        options.Smart.QualityTarget = 1.2;

        var result = new LlmRouterOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Smart:QualityTarget", result.FailureMessage, StringComparison.Ordinal);
    }
}
