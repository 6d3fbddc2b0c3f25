using System.Numerics.Tensors;

namespace LlmRouter.Tests.Learning.Embeddings;

public sealed class HashingEmbeddingGeneratorTests
{
    private const string AlgebraQuestion =
        "Find the degree for the given field extension Q(sqrt(2), sqrt(3), sqrt(18)) over Q.\nA. 0\nB. 4\nC. 2\nD. 6\nAnswer:";

    private const string OtherAlgebraQuestion =
        "Find the degree of the field extension Q(sqrt(2) + sqrt(3)) over Q.\nA. 2\nB. 4\nC. 6\nD. 8\nAnswer:";

    private const string BiologyQuestion =
        "Which organelle produces most of the ATP used by a eukaryotic cell?\nA. Ribosome\nB. Mitochondrion\nC. Golgi apparatus\nD. Lysosome\nAnswer:";

    [Fact]
    public void Fnv1a64_MatchesThePublishedVectorAndAFixedFeatureHash()
    {
        // FNV-1a 64 of the single byte 'a' is 0xaf63dc4c8601ec8c; over UTF-16LE the char 'a' is that byte and then a zero byte.
        Assert.Equal(unchecked(0xaf63dc4c8601ec8cUL * 1099511628211UL), Fnv1a64.Start("a").Raw);

        var feature = Fnv1a64.Start("w:algebra");
        Assert.Equal(0x931ecd484b3a6dbeUL, feature.Raw);
        Assert.Equal(0x3093a2c5b1293b65UL, feature.Finish());
        Assert.Equal(869, PromptFeatureExtractor.Bucket(feature.Finish(), 2048));
        Assert.False(PromptFeatureExtractor.IsNegative(feature.Finish()));
    }

    [Fact]
    public void Embed_PutsAFixedWordInItsFixedBucket()
    {
        using var generator = new HashingEmbeddingGenerator();
        var vector = Embed(generator, "algebra");

        // The unigram w:algebra (weight 1) outweighs each of its seven character 3-grams (0.45).
        Assert.Equal(869, IndexOfLargestMagnitude(vector));
        Assert.True(vector[869] > 0f);
    }

    [Fact]
    public async Task GenerateAsync_IsDeterministicAcrossInstances()
    {
        using var first = new HashingEmbeddingGenerator();
        using var second = new HashingEmbeddingGenerator();

        var a = await first.GenerateAsync([AlgebraQuestion, AlgebraQuestion]);
        var b = await second.GenerateAsync([AlgebraQuestion]);

        Assert.Equal(a[0].Vector.ToArray(), a[1].Vector.ToArray());
        Assert.Equal(a[0].Vector.ToArray(), b[0].Vector.ToArray());
        Assert.Equal("hashing-2048", a[0].ModelId);
        Assert.Equal(2048, a[0].Vector.Length);
    }

    [Theory]
    [InlineData(AlgebraQuestion)]
    [InlineData("A farmer has 12 cows and buys 7 more. How many cows does he have?")]
    [InlineData("x")]
    [InlineData("ÉCOLE Straße 日本語")]
    public void Embed_IsUnitNorm(string text)
    {
        using var generator = new HashingEmbeddingGenerator();
        Assert.Equal(1f, TensorPrimitives.Norm(Embed(generator, text)), 5);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ,;:!?()[]  ")]
    public void Embed_TextWithoutTokensIsTheZeroVector(string text)
    {
        using var generator = new HashingEmbeddingGenerator();
        Assert.All(Embed(generator, text), value => Assert.Equal(0f, value));
    }

    [Fact]
    public void Embed_PutsSimilarQuestionsCloserThanUnrelatedOnes()
    {
        using var generator = new HashingEmbeddingGenerator();
        var algebra = Embed(generator, "Solve for x: 3x + 5 = 20. What is the value of x?");
        var otherAlgebra = Embed(generator, "Find the value of x if 2x - 7 = 11.");
        var cooking = Embed(generator, "How long should I roast a whole chicken in the oven, and at what temperature?");

        var related = TensorPrimitives.Dot(algebra, otherAlgebra);
        Assert.True(related > TensorPrimitives.Dot(algebra, cooking), $"related {related}");
        Assert.True(related > TensorPrimitives.Dot(otherAlgebra, cooking), $"related {related}");
    }

    [Fact]
    public void Embed_MultipleChoiceScaffoldingDoesNotOutweighTheSubject()
    {
        using var generator = new HashingEmbeddingGenerator();
        var algebra = Embed(generator, AlgebraQuestion);
        var otherAlgebra = Embed(generator, OtherAlgebraQuestion);
        var biology = Embed(generator, BiologyQuestion);

        Assert.True(TensorPrimitives.Dot(algebra, otherAlgebra) > TensorPrimitives.Dot(algebra, biology) + 0.2f);
    }

    [Fact]
    public void Embed_NumbersOfOneMagnitudeAreInterchangeable()
    {
        using var generator = new HashingEmbeddingGenerator();

        Assert.Equal(Embed(generator, "Tom has 412 apples and sells 38."), Embed(generator, "Tom has 977 apples and sells 10."));
        Assert.Equal(Embed(generator, "It costs $1,250 in total."), Embed(generator, "It costs $9999 in total."));
        Assert.NotEqual(Embed(generator, "Tom has 412 apples."), Embed(generator, "Tom has 4120 apples."));
        Assert.NotEqual(Embed(generator, "Tom has 4 apples."), Embed(generator, "Tom has 4.5 apples."));
    }

    [Fact]
    public void Embed_NumberTokensLandInTheirFixedBuckets()
    {
        using var generator = new HashingEmbeddingGenerator();
        var vector = Embed(generator, "412");

        // Only two features: w:<num> (bucket 1744, negative) and w:<num:3d> (bucket 1802, positive), each 1/√2.
        Assert.Equal(-1f / MathF.Sqrt(2f), vector[1744], 5);
        Assert.Equal(1f / MathF.Sqrt(2f), vector[1802], 5);
        Assert.Equal(2, vector.Count(value => value != 0f));
    }

    [Fact]
    public void Embed_KeepsMathSymbols()
    {
        using var generator = new HashingEmbeddingGenerator();

        Assert.NotEqual(Embed(generator, "x + y"), Embed(generator, "x * y"));
        Assert.Equal(Embed(generator, "well-known"), Embed(generator, "well known"));
        Assert.NotEqual(Embed(generator, "5 - 3"), Embed(generator, "5 3"));
    }

    [Fact]
    public void Fit_DownWeightsATokenInEveryDocument()
    {
        const int dimensions = 1 << 16;
        using var generator = new HashingEmbeddingGenerator(new HashingEmbeddingGeneratorOptions { Dimensions = dimensions });
        var common = PromptFeatureExtractor.Bucket(PromptFeatureExtractor.Hash("w:please"), dimensions);
        var rare = PromptFeatureExtractor.Bucket(PromptFeatureExtractor.Hash("w:summarize"), dimensions);
        Assert.NotEqual(common, rare);

        var before = Embed(generator, "please summarize");
        generator.Fit(["please translate this", "please summarize the report", "please write a poem", "please fix my code"]);
        var after = Embed(generator, "please summarize");

        Assert.True(generator.IsFitted);
        Assert.Equal(MathF.Abs(before[common]), MathF.Abs(before[rare]), 5);
        Assert.True(MathF.Abs(after[common]) < 0.8f * MathF.Abs(after[rare]));
        Assert.Equal(1f, TensorPrimitives.Norm(after), 5);
    }

    [Fact]
    public void Fit_EmptyCorpusLeavesWeightsUnchanged()
    {
        using var generator = new HashingEmbeddingGenerator();
        var before = Embed(generator, AlgebraQuestion);
        generator.Fit([]);
        Assert.Equal(before, Embed(generator, AlgebraQuestion));
    }

    [Fact]
    public async Task GenerateAsync_HonoursCancellationBetweenInputs()
    {
        using var generator = new HashingEmbeddingGenerator();
        using var cancellation = new CancellationTokenSource();
        var produced = 0;

        IEnumerable<string> Inputs()
        {
            produced++;
            yield return "first";
            cancellation.Cancel();
            produced++;
            yield return "second";
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync(Inputs(), cancellationToken: cancellation.Token));
        Assert.Equal(2, produced);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync(["x"], cancellationToken: cancellation.Token));
    }

    [Fact]
    public async Task GenerateAsync_ConcurrentCallsAgree()
    {
        using var generator = new HashingEmbeddingGenerator();
        var expected = Embed(generator, AlgebraQuestion);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => generator.GenerateAsync(Enumerable.Repeat(AlgebraQuestion, 50)))));

        Assert.All(results.SelectMany(batch => batch), embedding => Assert.Equal(expected, embedding.Vector.ToArray()));
    }

    [Theory]
    [InlineData(15)]
    [InlineData((1 << 20) + 1)]
    [InlineData(0)]
    public void Constructor_RejectsDimensionsOutOfRange(int dimensions)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new HashingEmbeddingGenerator(new HashingEmbeddingGeneratorOptions { Dimensions = dimensions }));
        Assert.Contains("Dimensions", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_RejectsOtherRequestedDimensions()
    {
        using var generator = new HashingEmbeddingGenerator(new HashingEmbeddingGeneratorOptions { Dimensions = 256 });

        await Assert.ThrowsAsync<NotSupportedException>(() => generator.GenerateAsync(["x"], new EmbeddingGenerationOptions { Dimensions = 512 }));
        var embeddings = await generator.GenerateAsync(["x"], new EmbeddingGenerationOptions { Dimensions = 256 });
        Assert.Equal(256, embeddings[0].Vector.Length);
    }

    [Fact]
    public void Embed_RejectsAWrongSizedDestination()
    {
        using var generator = new HashingEmbeddingGenerator();
        Assert.Throws<ArgumentException>(() => generator.Embed("x", new float[100]));
    }

    [Fact]
    public void GetService_ReturnsMetadataAndItself()
    {
        using var generator = new HashingEmbeddingGenerator(new HashingEmbeddingGeneratorOptions { Dimensions = 512 });

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        Assert.NotNull(metadata);
        Assert.Equal("llmrouter-hashing", metadata.ProviderName);
        Assert.Equal("hashing-512", metadata.DefaultModelId);
        Assert.Equal(512, metadata.DefaultModelDimensions);
        Assert.Same(generator, generator.GetService<HashingEmbeddingGenerator>());
        Assert.Null(generator.GetService<EmbeddingGeneratorMetadata>("key"));
        Assert.Null(generator.GetService<string>());
    }

    private static float[] Embed(HashingEmbeddingGenerator generator, string text)
    {
        var vector = new float[generator.Dimensions];
        generator.Embed(text, vector);
        return vector;
    }

    private static int IndexOfLargestMagnitude(float[] vector)
    {
        var best = 0;
        for (var i = 1; i < vector.Length; i++)
        {
            if (MathF.Abs(vector[i]) > MathF.Abs(vector[best]))
            {
                best = i;
            }
        }

        return best;
    }
}
