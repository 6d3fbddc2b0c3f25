using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace LlmRouter.Benchmarks;

/// <summary>
/// What sizing a request costs the router (<see cref="TokenEstimator.Estimate"/>: every text counted, plus the overheads of messages),
/// with the default <see cref="HeuristicTokenCounter"/> and with o200k plugged in as the <see cref="ITokenCounter"/>; on
/// <see cref="RouterOverheadBenchmarks"/>' two-message prompt (137 characters) and on the classifier's 2 KB prompt.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class TokenEstimatorBenchmarks
{
    private readonly TokenEstimator _heuristic = TokenEstimator.Default;
    private TokenEstimator _o200k = null!;
    private ChatMessage[] _short = null!;
    private ChatMessage[] _long = null!;

    [GlobalSetup]
    public void Setup()
    {
        _o200k = new TokenEstimator(new TokenizerCounter(TiktokenTokenizer.CreateForEncoding("o200k_base")));
        _short =
        [
            new ChatMessage(ChatRole.System, "You are a concise assistant for a travel booking site."),
            new ChatMessage(ChatRole.User, "Which documents do I need to rent a car in Portugal with a UK driving licence?"),
        ];
        _long = [new ChatMessage(ChatRole.User, Prompts.TwoKilobytes)];
    }

    [Benchmark(Baseline = true)]
    public int Heuristic_TwoMessages() => _heuristic.Estimate(_short, null);

    [Benchmark]
    public int O200k_TwoMessages() => _o200k.Estimate(_short, null);

    [Benchmark]
    public int Heuristic_2KB() => _heuristic.Estimate(_long, null);

    [Benchmark]
    public int O200k_2KB() => _o200k.Estimate(_long, null);

    private sealed class TokenizerCounter(Tokenizer tokenizer) : ITokenCounter
    {
        public int CountTokens(ReadOnlySpan<char> text) => tokenizer.CountTokens(text);
    }
}
