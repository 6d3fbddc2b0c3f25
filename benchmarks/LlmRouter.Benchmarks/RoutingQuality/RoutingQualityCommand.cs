using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmRouter.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.Benchmarks.RoutingQuality;

/// <summary>
/// <c>routing-quality --train FILE (--test FILE | --holdout PERCENT | --holdout FROM-TO) [--out DIR]</c> (DESIGN §10): loads the train outcomes
/// into the shipped <c>smart</c> strategy through <see cref="IRoutingFeedback"/>, lets it score every test prompt through
/// <see cref="ILlmRouter.PlanAsync"/>, sweeps the share of calls sent to the stronger model, prints one JSON object and
/// writes <c>routing-quality.svg</c>.
/// </summary>
/// <remarks>
/// A prompt's score is the quality target at which the strategy's plan flips from the weak model to the strong one
/// (found by bisection over <see cref="RoutingHints.QualityTarget"/>): the lower it is, the sooner the prompt goes to the
/// strong model. <c>--holdout</c> splits the train file itself by a stable hash of each line's id, for tuning on data
/// that is then never scored.
/// </remarks>
internal static class RoutingQualityCommand
{
    private const string Provider = "routellm";
    private const int Bisections = 14;

    // Prices of the data's README (USD per 1M input / output tokens).
    private static readonly Dictionary<string, (ModelTier Tier, decimal Input, decimal Output)> KnownModels = new(StringComparer.Ordinal)
    {
        ["mixtral-8x7b-instruct"] = (ModelTier.Fast, 0.60m, 0.60m),
        ["gpt-4-1106-preview"] = (ModelTier.Frontier, 10m, 30m),
    };

    public static async Task<int> RunAsync(string[] args)
    {
        string? train = null, test = null, outDir = null;
        (int From, int To)? holdout = null;
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--train": train = value; i++; break;
                case "--test": test = value; i++; break;
                case "--out": outDir = value; i++; break;
                case "--holdout" when HoldoutRange(value) is { } range: holdout = range; i++; break;
                default:
                    return Usage($"unknown or incomplete argument '{args[i]}'");
            }
        }

        if (train is null || (test is null) == (holdout is null))
        {
            return Usage("give --train and either --test or --holdout");
        }

        var trainPrompts = EvaluationPrompt.ReadFile(train);
        List<EvaluationPrompt> testPrompts;
        if (holdout is { } range2)
        {
            (trainPrompts, testPrompts) = EvaluationPrompt.Split(trainPrompts, range2.From, range2.To);
        }
        else
        {
            testPrompts = EvaluationPrompt.ReadFile(test!);
        }

        var (weak, strong) = Models(trainPrompts);
        await using var services = Build(weak, strong);
        var router = services.GetRequiredService<ILlmRouter>();
        var clock = Stopwatch.StartNew();
        using (var lines = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', trainPrompts.Select(p => p.Line)))))
        {
            var added = await services.GetRequiredService<IRoutingFeedback>().ImportAsync(lines);
            Console.Error.WriteLine($"imported {added} outcomes of {trainPrompts.Count} train prompts in {clock.ElapsedMilliseconds} ms");
        }

        clock.Restart();
        var scored = new List<(EvaluationPrompt Prompt, double FlipTarget)>(testPrompts.Count);
        foreach (var prompt in testPrompts)
        {
            if (prompt.Scores.ContainsKey(weak) && prompt.Scores.ContainsKey(strong))
            {
                scored.Add((prompt, await FlipTargetAsync(router, prompt.Prompt, strong)));
            }
        }

        Console.Error.WriteLine($"scored {scored.Count} test prompts in {clock.ElapsedMilliseconds} ms ({Bisections} plans each)");
        var result = new JsonObject { ["overall"] = Summary(scored, weak, strong, out var overall) };
        var bySource = new JsonObject();
        foreach (var family in scored.GroupBy(s => s.Prompt.Family).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            bySource[family.Key] = Summary(family.ToList(), weak, strong, out _);
        }

        result["bySource"] = bySource;
        Console.WriteLine(result.ToJsonString());

        var pairs = scored.Select(s => (s.Prompt.Scores[weak], s.Prompt.Scores[strong])).ToArray();
        var perfect = QualityCurve.PerfectHindsight(pairs);
        Console.Error.WriteLine($"perfect hindsight APGR {perfect.Apgr:0.000}; random 0.500");

        // The baseline, on the same prompts: plain tf-idf kNN (k = 128), for the report beside the strategy.
        var baseline = new TfIdfKnnBaseline(trainPrompts, weak, strong);
        var baselineScored = scored.Select(s => (s.Prompt, Score: baseline.Score(s.Prompt.Prompt))).ToArray();
        QualityCurve BaselineCurve(IEnumerable<(EvaluationPrompt Prompt, double Score)> subset) =>
            QualityCurve.FromScores(subset.Select(s => (s.Score, s.Prompt.Scores[weak], s.Prompt.Scores[strong])).ToArray());
        var baselineCurve = BaselineCurve(baselineScored);
        Console.Error.WriteLine($"tf-idf kNN baseline (k = {TfIdfKnnBaseline.Neighbours}): overall APGR {baselineCurve.Apgr:0.000}, CPT(50%) {baselineCurve.Cpt(0.5)}%"
            + string.Concat(baselineScored.GroupBy(s => s.Prompt.Family).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"; {g.Key} {BaselineCurve(g).Apgr:0.000}")));
        var svg = QualityChart.Render(
            $"smart routing on {scored.Count} held-out prompts",
            [("smart", "#1f77b4", overall), ("tf-idf kNN baseline", "#ff7f0e", baselineCurve), ("random", "#999999", QualityCurve.Random(pairs.Length)), ("perfect hindsight", "#2ca02c", perfect)]);
        var path = Path.Combine(outDir ?? ".", "routing-quality.svg");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, svg);
        Console.Error.WriteLine($"wrote {Path.GetFullPath(path)}");
        return 0;
    }

    /// <summary>The lowest quality target at which the plan's first model is the strong one (bisection); 2 when it never is.</summary>
    /// <summary>Reads <c>--holdout N</c> (hash buckets 0 to N, exclusive) or <c>--holdout A-B</c> (buckets A to B, exclusive) of 100.</summary>
    private static (int From, int To)? HoldoutRange(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var parts = value.Split('-');
        var from = 0;
        var to = 0;
        var parsed = parts.Length switch
        {
            1 => int.TryParse(parts[0], out to),
            2 => int.TryParse(parts[0], out from) && int.TryParse(parts[1], out to),
            _ => false,
        };
        return parsed && from >= 0 && from < to && to <= 100 && to - from < 100 ? (from, to) : null;
    }

    private static async Task<double> FlipTargetAsync(ILlmRouter router, string prompt, string strong)
    {
        ChatMessage[] messages = [new(ChatRole.User, prompt)];
        async Task<bool> StrongAt(double target)
        {
            var options = new ChatOptions().WithRouting(new RoutingHints { Strategy = RoutingStrategyNames.Smart, QualityTarget = target });
            var plan = await router.PlanAsync(messages, options);
            return plan.Models[0].Id == strong;
        }

        if (!await StrongAt(1.0))
        {
            return 2.0;
        }

        double low = 0, high = 1;
        if (await StrongAt(0.0))
        {
            return 0.0;
        }

        for (var i = 0; i < Bisections; i++)
        {
            var mid = (low + high) / 2;
            if (await StrongAt(mid))
            {
                high = mid;
            }
            else
            {
                low = mid;
            }
        }

        return high;
    }

    private static JsonObject Summary(IReadOnlyList<(EvaluationPrompt Prompt, double FlipTarget)> scored, string weak, string strong, out QualityCurve curve)
    {
        // Lowest flip target first: those the strategy sends to the strong model soonest. Prompts with one flip target are
        // ones the strategy cannot tell apart (those unlike anything recorded all share the models' means): they count as
        // ordered at random among themselves, not in file order.
        curve = QualityCurve.FromScores(scored.Select(s => (-s.FlipTarget, s.Prompt.Scores[weak], s.Prompt.Scores[strong])).ToArray());
        return new JsonObject
        {
            ["n"] = curve.Count,
            ["apgr"] = Math.Round(curve.Apgr, 4),
            ["cpt50"] = curve.Cpt(0.5),
            ["cpt80"] = curve.Cpt(0.8),
        };
    }

    /// <summary>The weak and the strong model: the two models of the data, by mean train score.</summary>
    private static (string Weak, string Strong) Models(List<EvaluationPrompt> prompts)
    {
        var means = prompts.SelectMany(p => p.Scores).GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.Average(s => s.Value));
        if (means.Count != 2)
        {
            throw new InvalidDataException($"The evaluation compares two models (a weak and a strong one); the train data scores {means.Count}: {string.Join(", ", means.Keys)}.");
        }

        var ordered = means.OrderBy(m => m.Value).Select(m => m.Key).ToArray();
        foreach (var id in ordered.Where(id => !KnownModels.ContainsKey(id)))
        {
            Console.Error.WriteLine($"{id}: no price known; priced as the {(id == ordered[0] ? "weak" : "strong")} model of the RouteLLM data.");
        }

        return (ordered[0], ordered[1]);
    }

    /// <summary>A model's tier and prices: the RouteLLM pair's own, else those of the pair's model in the same role.</summary>
    private static (ModelTier Tier, decimal Input, decimal Output) Facts(string id, bool strong) =>
        KnownModels.TryGetValue(id, out var known) ? known : KnownModels[strong ? "gpt-4-1106-preview" : "mixtral-8x7b-instruct"];

    private static ServiceProvider Build(string weak, string strong)
    {
        var services = new ServiceCollection();
        services.AddLlmRouter(o =>
            {
                foreach (var id in new[] { weak, strong })
                {
                    var (tier, input, output) = Facts(id, strong: id == strong);
                    o.AdditionalModels.Add(new ModelDescriptor(Provider, id, tier) { ContextWindow = 32_000, MaxOutputTokens = 4_096, Pricing = new ModelPricing(input, output) });
                }

                o.Models = [$"{Provider}/{weak}", $"{Provider}/{strong}"];
            })
            .AddProvider(new FakeLlmProvider(Provider));
        return services.BuildServiceProvider();
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"routing-quality: {problem}.");
        Console.Error.WriteLine("usage: routing-quality --train FILE (--test FILE | --holdout PERCENT | --holdout FROM-TO) [--out DIR]");
        return 2;
    }
}
