namespace LlmRouter;

/// <summary>Options of <see cref="HashingEmbeddingGenerator"/>.</summary>
public sealed class HashingEmbeddingGeneratorOptions
{
    /// <summary>Gets or sets the number of hash buckets, which is the length of every embedding.</summary>
    /// <value>2,048. From 16 to 1,048,576.</value>
    public int Dimensions { get; set; } = HashingEmbeddingDefaults.Dimensions;
}
