using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using LlmRouter.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.Benchmarks;

/// <summary>
/// One <c>smart</c> routing decision (DESIGN §10: ≤ 1 ms with 10,000 recorded outcomes): <see cref="ILlmRouter.PlanAsync"/> for a
/// new prompt, embedding and neighbour search included, over synthetic outcomes of two models (two outcomes a prompt),
/// imported through <see cref="IRoutingFeedback"/>. The index's memory is printed by the setup.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class SmartRoutingBenchmarks
{
    private static readonly string[] Words = BuildWords();
    private ServiceProvider _services = null!;
    private ILlmRouter _router = null!;
    private ChatMessage[] _prompt = null!;
    private ChatOptions _options = null!;

    /// <summary>Gets or sets how many outcomes are recorded (half as many prompts).</summary>
    [Params(10_000, 100_000, 1_000_000)]
    public int Outcomes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var lines = new StringBuilder();
        for (var i = 0; i < Outcomes / 2; i++)
        {
            var weak = random.NextDouble() < 0.7 ? 1.0 : 0.0;
            lines.AppendLine(JsonSerializer.Serialize(new { prompt = Sentence(random), scores = new Dictionary<string, double> { ["weak"] = weak, ["strong"] = 1.0 } }));
        }

        var services = new ServiceCollection();
        services.AddLlmRouter(o =>
            {
                o.AdditionalModels.Add(new ModelDescriptor("lab", "weak", ModelTier.Fast) { ContextWindow = 32_000, MaxOutputTokens = 4_096, Pricing = new ModelPricing(0.6m, 0.6m) });
                o.AdditionalModels.Add(new ModelDescriptor("lab", "strong", ModelTier.Frontier) { ContextWindow = 128_000, MaxOutputTokens = 4_096, Pricing = new ModelPricing(10m, 30m) });
                o.Models = ["lab/weak", "lab/strong"];
            })
            .AddProvider(new FakeLlmProvider("lab"));
        _services = services.BuildServiceProvider();
        _router = _services.GetRequiredService<ILlmRouter>();
        _prompt = [new ChatMessage(ChatRole.User, Sentence(new Random(7)))];
        _options = new ChatOptions().WithRouting(new RoutingHints { Strategy = RoutingStrategyNames.Smart });

        var before = GC.GetTotalMemory(forceFullCollection: true);
        _services.GetRequiredService<IRoutingFeedback>().ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(lines.ToString()))).AsTask().GetAwaiter().GetResult();
        var plan = Decide().GetAwaiter().GetResult(); // ingests and indexes everything
        var after = GC.GetTotalMemory(forceFullCollection: true);
        if (plan.Strategy != RoutingStrategyNames.Smart || plan.Reason.Contains("no outcomes", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The smart strategy did not plan from outcomes: {plan.Reason}");
        }

        Console.WriteLine($"// {Outcomes:N0} outcomes ({Outcomes / 2:N0} prompts): store and index hold {(after - before) / 1_048_576.0:N0} MB");
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    /// <summary>Plans one new prompt with the smart strategy.</summary>
    [Benchmark]
    public Task<RoutePlan> Decide() => _router.PlanAsync(_prompt, _options).AsTask();

    private static string Sentence(Random random)
    {
        var words = new string[random.Next(20, 60)];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = Words[(int)Math.Min(Words.Length - 1, Math.Abs(random.NextDouble() * random.NextDouble()) * Words.Length)];
        }

        return string.Join(' ', words) + "?";
    }

    // A Zipf-like vocabulary: common words come first and are drawn more often.
    private static string[] BuildWords()
    {
        var random = new Random(1);
        var words = new string[5_000];
        for (var i = 0; i < words.Length; i++)
        {
            var length = 2 + random.Next(9);
            var chars = new char[length];
            for (var c = 0; c < length; c++)
            {
                chars[c] = (char)('a' + random.Next(26));
            }

            words[i] = new string(chars);
        }

        return words;
    }
}
