namespace LlmRouter;

/// <summary>The defaults, limits and fixed weights of <see cref="HashingEmbeddingGenerator"/>, in one place.</summary>
internal static class HashingEmbeddingDefaults
{
    /// <summary>The default number of hash buckets (<see cref="HashingEmbeddingGeneratorOptions.Dimensions"/>).</summary>
    public const int Dimensions = 2048;

    /// <summary>The fewest buckets the options accept.</summary>
    public const int MinDimensions = 16;

    /// <summary>The most buckets the options accept (4 MB per embedding).</summary>
    public const int MaxDimensions = 1 << 20;

    /// <summary>The provider name in <see cref="Microsoft.Extensions.AI.EmbeddingGeneratorMetadata"/>.</summary>
    public const string ProviderName = "llmrouter-hashing";

    /// <summary>The model id prefix; the bucket count follows it, e.g. <c>hashing-2048</c>.</summary>
    public const string ModelIdPrefix = "hashing-";

    /// <summary>The weight of a word unigram feature (a word, a number token or a math symbol).</summary>
    public const float UnigramWeight = 1f;

    /// <summary>The weight of a word bigram feature (two adjacent tokens).</summary>
    public const float BigramWeight = 0.7f;

    /// <summary>The weight of a character 3-gram feature. A 5-letter word has 5 of them, whose combined L2 weight (√5 × 0.45 ≈ 1)
    /// matches the word's own unigram, so character n-grams add robustness to inflection without drowning the words.</summary>
    public const float CharGramWeight = 0.45f;

    /// <summary>The shortest word whose character 3-grams are hashed (shorter words add nothing beyond their unigram).</summary>
    public const int MinCharGramWordLength = 3;

    /// <summary>The number magnitude buckets: integer parts of 1 to 6 digits have their own bucket, longer ones share the last.</summary>
    public const int MaxNumberMagnitude = 7;
}
