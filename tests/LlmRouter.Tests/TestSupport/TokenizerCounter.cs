using Microsoft.ML.Tokenizers;

namespace LlmRouter.Tests.TestSupport;

/// <summary>An <see cref="ITokenCounter"/> that counts with a real tokenizer, as the README shows one can be plugged in.</summary>
internal sealed class TokenizerCounter(Tokenizer tokenizer) : ITokenCounter
{
    public int CountTokens(ReadOnlySpan<char> text) => text.IsEmpty ? 0 : tokenizer.CountTokens(text);
}
