using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.ML.Tokenizers;

namespace LlmRouter.Benchmarks;

/// <summary>
/// What a real tokenizer costs before its first count: loading o200k_base or cl100k_base (Microsoft.ML.Tokenizers 2.0.1 and its data
/// packages) in a fresh process, the first call's JIT included. Each launch is a new process and measures one cold load.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.ColdStart, launchCount: 3, warmupCount: 0, iterationCount: 1)]
public class TokenizerLoadBenchmarks
{
    [Benchmark]
    public Tokenizer LoadO200k() => TiktokenTokenizer.CreateForEncoding("o200k_base");

    [Benchmark]
    public Tokenizer LoadCl100k() => TiktokenTokenizer.CreateForEncoding("cl100k_base");
}
