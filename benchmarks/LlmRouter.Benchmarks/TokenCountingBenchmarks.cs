using BenchmarkDotNet.Attributes;
using Microsoft.ML.Tokenizers;

namespace LlmRouter.Benchmarks;

/// <summary>
/// Counting the tokens of 1,024 characters (1 K characters: 1 KB of English or code, 3 KB of Chinese as UTF-8) with the router's
/// <see cref="HeuristicTokenCounter"/> and with OpenAI's real tokenizers (Microsoft.ML.Tokenizers 2.0.1, o200k_base and cl100k_base).
/// </summary>
/// <remarks>
/// The same text is counted on every call, so the tokenizers' cache of pieces already seen is warm: their cost on text they have not
/// seen is higher. Loading a tokenizer is measured apart (<see cref="TokenizerLoadBenchmarks"/>).
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class TokenCountingBenchmarks
{
    private string _text = null!;
    private Tokenizer _o200k = null!;
    private Tokenizer _cl100k = null!;

    [Params("english-prose", "csharp-code", "chinese-prose")]
    public string Corpus { get; set; } = "english-prose";

    [GlobalSetup]
    public void Setup()
    {
        _text = TokenCorpus.Kilobyte(Corpus);
        _o200k = TiktokenTokenizer.CreateForEncoding("o200k_base");
        _cl100k = TiktokenTokenizer.CreateForEncoding("cl100k_base");

        // Prove the rows count the same text, and that the estimate is what the tests hold it to.
        var (estimate, real) = (Heuristic(), O200k());
        if (_text.Length < 1_023 || Math.Abs(estimate - real) > real * 0.15)
        {
            throw new InvalidOperationException($"{Corpus}: {_text.Length} characters, estimate {estimate} against o200k {real}.");
        }

        Console.WriteLine($"// {Corpus}: {_text.Length} characters; o200k {real}, cl100k {Cl100k()}, estimate {estimate} tokens");
    }

    /// <summary>The router's estimate (the default <see cref="ITokenCounter"/>).</summary>
    [Benchmark(Baseline = true)]
    public int Heuristic() => HeuristicTokenCounter.Instance.CountTokens(_text);

    /// <summary>OpenAI's o200k_base (GPT-4o, GPT-4.1, GPT-5, o-series).</summary>
    [Benchmark]
    public int O200k() => _o200k.CountTokens(_text);

    /// <summary>OpenAI's cl100k_base (GPT-4, GPT-3.5).</summary>
    [Benchmark]
    public int Cl100k() => _cl100k.CountTokens(_text);
}
