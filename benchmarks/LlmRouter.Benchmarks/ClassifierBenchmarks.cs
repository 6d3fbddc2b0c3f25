using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace LlmRouter.Benchmarks;

/// <summary>The heuristic complexity classifier on a realistic 2 KB prompt and a 50-character one (DESIGN §10: ≤ 5 µs for 2 KB).</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ClassifierBenchmarks
{
    private HeuristicComplexityClassifier _classifier = null!;
    private ChatMessage[] _long = null!;
    private ChatMessage[] _short = null!;

    [GlobalSetup]
    public void Setup()
    {
        _classifier = new HeuristicComplexityClassifier();
        _long = [new ChatMessage(ChatRole.User, Prompts.TwoKilobytes)];
        _short = [new ChatMessage(ChatRole.User, Prompts.Short)];
        if (Prompts.TwoKilobytes.Length is < 1_950 or > 2_150 || Prompts.Short.Length != 50)
        {
            throw new InvalidOperationException($"The prompts drifted: {Prompts.TwoKilobytes.Length} and {Prompts.Short.Length} characters.");
        }
    }

    [Benchmark(Baseline = true)]
    public ComplexityAssessment Assess_2KB() => _classifier.Assess(_long, null);

    [Benchmark]
    public ComplexityAssessment Assess_50Chars() => _classifier.Assess(_short, null);
}
