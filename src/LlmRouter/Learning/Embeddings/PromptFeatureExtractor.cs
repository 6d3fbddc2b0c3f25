using System.Buffers;

namespace LlmRouter;

/// <summary>
/// Turns a prompt into hashed features for <see cref="HashingEmbeddingGenerator"/>: word unigrams, word bigrams and character
/// 3-grams, each hashed with <see cref="Fnv1a64"/> over a family prefix and the feature's text, weighted by its family and by
/// 1 + ln(term frequency), and signed by the top bit of its hash.
/// </summary>
/// <remarks>
/// Feature texts: a unigram is <c>w:</c> and the lower-cased word, the symbol, or for a number <c>&lt;num&gt;</c>,
/// <c>&lt;num:Nd&gt;</c> (N integer digits, 7 meaning 7 or more) and, with a decimal part, <c>&lt;num:frac&gt;</c>.
/// A bigram is <c>b:</c>, the first token, a space and the second (a number reads <c>&lt;num&gt;</c>).
/// A character 3-gram is <c>c:</c> and three characters of the lower-cased word padded as <c>^word$</c>, for words of 3 letters or more.
/// The bucket is the low 32 bits of the hash modulo the dimensions. Scratch buffers come from <see cref="ArrayPool{T}.Shared"/>.
/// </remarks>
internal static class PromptFeatureExtractor
{
    private const string UnigramPrefix = "w:";
    private const string BigramPrefix = "b:";
    private const string CharGramPrefix = "c:";
    private const string NumberText = "<num>";
    private const string FractionText = "<num:frac>";
    private const int CharGramLength = 3;

    private static readonly ulong NumberHash = Hash(UnigramPrefix + NumberText);
    private static readonly ulong FractionHash = Hash(UnigramPrefix + FractionText);
    private static readonly ulong[] MagnitudeHashes =
        [.. Enumerable.Range(0, HashingEmbeddingDefaults.MaxNumberMagnitude + 1).Select(d => Hash($"{UnigramPrefix}<num:{d}d>"))];

    /// <summary>Hashes the features of <paramref name="text"/> into <paramref name="dimensions"/> buckets and hands each distinct one to <paramref name="sink"/>.</summary>
    public static void Extract<TSink>(ReadOnlySpan<char> text, int dimensions, ref TSink sink)
        where TSink : IFeatureSink, allows ref struct
    {
        if (text.IsEmpty)
        {
            return;
        }

        var tokenArray = ArrayPool<PromptToken>.Shared.Rent(text.Length);
        // Up to three unigrams per token (a number); bigrams and character grams are fewer than the characters.
        var hashArray = ArrayPool<ulong>.Shared.Rent(checked(text.Length * 3));
        try
        {
            var tokens = tokenArray.AsSpan(0, PromptTokenizer.Tokenize(text, tokenArray));
            var hashes = hashArray.AsSpan();
            Emit(hashes[..Unigrams(text, tokens, hashes)], HashingEmbeddingDefaults.UnigramWeight, dimensions, ref sink);
            Emit(hashes[..Bigrams(text, tokens, hashes)], HashingEmbeddingDefaults.BigramWeight, dimensions, ref sink);
            Emit(hashes[..CharGrams(text, tokens, hashes)], HashingEmbeddingDefaults.CharGramWeight, dimensions, ref sink);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(hashArray);
            ArrayPool<PromptToken>.Shared.Return(tokenArray);
        }
    }

    /// <summary>The finished hash of one feature text (e.g. <c>w:algebra</c>).</summary>
    public static ulong Hash(ReadOnlySpan<char> feature) => Fnv1a64.Start(feature).Finish();

    /// <summary>The bucket of a feature hash.</summary>
    public static int Bucket(ulong hash, int dimensions) => (int)((uint)hash % (uint)dimensions);

    /// <summary>Whether a feature hash counts negatively (its top bit is set).</summary>
    public static bool IsNegative(ulong hash) => (long)hash < 0;

    private static int Unigrams(ReadOnlySpan<char> text, ReadOnlySpan<PromptToken> tokens, Span<ulong> hashes)
    {
        var count = 0;
        foreach (var token in tokens)
        {
            if (token.Kind == PromptTokenKind.Number)
            {
                hashes[count++] = NumberHash;
                hashes[count++] = MagnitudeHashes[token.Magnitude];
                if (token.HasFraction)
                {
                    hashes[count++] = FractionHash;
                }
            }
            else
            {
                var hash = Fnv1a64.Start(UnigramPrefix);
                AppendToken(ref hash, text, token);
                hashes[count++] = hash.Finish();
            }
        }

        return count;
    }

    private static int Bigrams(ReadOnlySpan<char> text, ReadOnlySpan<PromptToken> tokens, Span<ulong> hashes)
    {
        var count = 0;
        for (var i = 1; i < tokens.Length; i++)
        {
            var hash = Fnv1a64.Start(BigramPrefix);
            AppendToken(ref hash, text, tokens[i - 1]);
            hash.Append(' ');
            AppendToken(ref hash, text, tokens[i]);
            hashes[count++] = hash.Finish();
        }

        return count;
    }

    private static int CharGrams(ReadOnlySpan<char> text, ReadOnlySpan<PromptToken> tokens, Span<ulong> hashes)
    {
        var count = 0;
        foreach (var token in tokens)
        {
            if (token.Kind != PromptTokenKind.Word || token.Length < HashingEmbeddingDefaults.MinCharGramWordLength)
            {
                continue;
            }

            var word = text.Slice(token.Start, token.Length);
            // The padded word ^word$ has word.Length + 2 characters, so word.Length 3-grams; position p starts at padded index p.
            for (var p = 0; p < word.Length; p++)
            {
                var hash = Fnv1a64.Start(CharGramPrefix);
                for (var j = p; j < p + CharGramLength; j++)
                {
                    hash.Append(j == 0 ? '^' : j == word.Length + 1 ? '$' : Fnv1a64.Lower(word[j - 1]));
                }

                hashes[count++] = hash.Finish();
            }
        }

        return count;
    }

    private static void AppendToken(ref Fnv1a64 hash, ReadOnlySpan<char> text, PromptToken token)
    {
        switch (token.Kind)
        {
            case PromptTokenKind.Number:
                hash.Append(NumberText);
                break;
            default:
                hash.AppendLower(text.Slice(token.Start, token.Length));
                break;
        }
    }

    // Sorting brings repeats of one feature together, so each distinct feature is weighted once by 1 + ln(tf).
    private static void Emit<TSink>(Span<ulong> hashes, float weight, int dimensions, ref TSink sink)
        where TSink : IFeatureSink, allows ref struct
    {
        hashes.Sort();
        var i = 0;
        while (i < hashes.Length)
        {
            var hash = hashes[i];
            var j = i + 1;
            while (j < hashes.Length && hashes[j] == hash)
            {
                j++;
            }

            var termWeight = weight * (1f + MathF.Log(j - i));
            sink.Add(Bucket(hash, dimensions), IsNegative(hash) ? -termWeight : termWeight);
            i = j;
        }
    }
}
