using Microsoft.Extensions.AI;

namespace LlmRouter.Testing;

/// <summary>
/// A deterministic embedding generator for tests: each text's lower-cased words are hashed into a fixed number of
/// dimensions and the vector is normalized to length 1, so equal texts get equal vectors and texts sharing words are close.
/// </summary>
public sealed class FakeEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The number of dimensions used when none is given.</summary>
    public const int DefaultDimensions = 64;

    private int _callCount;

    /// <summary>Initializes a new instance of the <see cref="FakeEmbeddingGenerator"/> class.</summary>
    /// <param name="modelId">The model id the generator reports; defaults to <c>fake-embedding</c>.</param>
    /// <param name="dimensions">The vector length; must be positive.</param>
    /// <param name="providerName">The provider name put on <see cref="Metadata"/>.</param>
    public FakeEmbeddingGenerator(string? modelId = null, int dimensions = DefaultDimensions, string providerName = FakeChatClient.DefaultProviderName)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        ModelId = string.IsNullOrWhiteSpace(modelId) ? "fake-embedding" : modelId;
        Dimensions = dimensions;
        Metadata = new EmbeddingGeneratorMetadata(providerName, providerUri: null, defaultModelId: ModelId, defaultModelDimensions: dimensions);
    }

    /// <summary>Gets the model id the generator reports.</summary>
    public string ModelId { get; }

    /// <summary>Gets the vector length used unless a call's <see cref="EmbeddingGenerationOptions.Dimensions"/> says otherwise.</summary>
    public int Dimensions { get; }

    /// <summary>Gets the generator's metadata.</summary>
    public EmbeddingGeneratorMetadata Metadata { get; }

    /// <summary>Gets the number of <see cref="GenerateAsync"/> calls received.</summary>
    public int CallCount => Volatile.Read(ref _callCount);

    /// <summary>Computes the embedding of one text without the async ceremony.</summary>
    /// <param name="text">The text.</param>
    /// <param name="dimensions">The vector length; defaults to <see cref="Dimensions"/>.</param>
    /// <returns>A vector of length 1 (the first axis for a text without words).</returns>
    public float[] Embed(string text, int? dimensions = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var size = dimensions ?? Dimensions;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);

        var vector = new float[size];
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWordChar = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                var hash = Hash(text.AsSpan(start, i - start));
                vector[(int)(hash % (uint)size)] += (hash & 0x8000_0000) == 0 ? 1f : -1f;
                start = -1;
            }
        }

        double norm = 0;
        foreach (var x in vector)
        {
            norm += x * x;
        }

        if (norm == 0)
        {
            vector[0] = 1f;
            return vector;
        }

        var scale = (float)(1 / Math.Sqrt(norm));
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] *= scale;
        }

        return vector;
    }

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _callCount);

        var model = string.IsNullOrWhiteSpace(options?.ModelId) ? ModelId : options.ModelId;
        var result = new GeneratedEmbeddings<Embedding<float>>();
        long chars = 0;
        foreach (var value in values)
        {
            ArgumentNullException.ThrowIfNull(value, nameof(values));
            chars += value.Length;
            result.Add(new Embedding<float>(Embed(value, options?.Dimensions)) { ModelId = model });
        }

        var tokens = FakeTokenCounter.FromChars(chars);
        result.Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens };
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return Metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Does nothing: the fake holds no resources.</summary>
    public void Dispose()
    {
    }

    // FNV-1a over the lower-cased characters: stable across processes, unlike string.GetHashCode.
    private static uint Hash(ReadOnlySpan<char> word)
    {
        var hash = 2166136261u;
        foreach (var c in word)
        {
            hash = (hash ^ char.ToLowerInvariant(c)) * 16777619u;
        }

        return hash;
    }
}
