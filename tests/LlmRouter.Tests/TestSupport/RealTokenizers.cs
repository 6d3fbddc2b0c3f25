using Microsoft.ML.Tokenizers;

namespace LlmRouter.Tests.TestSupport;

/// <summary>OpenAI's tokenizers (Microsoft.ML.Tokenizers with its o200k and cl100k data packages), each loaded once per test run.</summary>
internal static class RealTokenizers
{
    private static readonly Lazy<Tokenizer> LazyO200k = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));
    private static readonly Lazy<Tokenizer> LazyCl100k = new(() => TiktokenTokenizer.CreateForEncoding("cl100k_base"));

    /// <summary>Gets o200k_base: GPT-4o, GPT-4.1, GPT-5 and the o-series.</summary>
    public static Tokenizer O200k => LazyO200k.Value;

    /// <summary>Gets cl100k_base: GPT-4 and GPT-3.5.</summary>
    public static Tokenizer Cl100k => LazyCl100k.Value;
}
