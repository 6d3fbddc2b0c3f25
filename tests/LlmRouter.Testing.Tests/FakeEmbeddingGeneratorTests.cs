namespace LlmRouter.Testing.Tests;

public sealed class FakeEmbeddingGeneratorTests
{
    [Fact]
    public async Task FakeEmbeddingGenerator_SameTextSameVector()
    {
        using var a = new FakeEmbeddingGenerator();
        using var b = new FakeEmbeddingGenerator();

        var va = (await a.GenerateAsync(["Route this prompt, please"]))[0].Vector.ToArray();
        var vb = (await b.GenerateAsync(["route THIS prompt please"]))[0].Vector.ToArray();

        Assert.Equal(va, vb); // case and punctuation do not matter
    }

    [Fact]
    public void FakeEmbeddingGenerator_VectorsAreNormalizedWithFixedDimensions()
    {
        using var generator = new FakeEmbeddingGenerator(dimensions: 32);

        foreach (var text in new[] { "one", "a longer sentence with several words", "", "!!!" })
        {
            var vector = generator.Embed(text);
            Assert.Equal(32, vector.Length);
            Assert.Equal(1.0, Math.Sqrt(vector.Sum(x => (double)x * x)), 5);
        }
    }

    [Fact]
    public void FakeEmbeddingGenerator_SimilarTextsAreCloserThanUnrelatedOnes()
    {
        using var generator = new FakeEmbeddingGenerator(dimensions: 256);
        var query = generator.Embed("write a python function to sort a list");
        var similar = generator.Embed("write a python function to reverse a list");
        var unrelated = generator.Embed("what is the capital of france");

        Assert.True(Dot(query, similar) > Dot(query, unrelated));
    }

    [Fact]
    public async Task FakeEmbeddingGenerator_HonoursDimensionsOptionAndReportsUsage()
    {
        using var generator = new FakeEmbeddingGenerator("embed-1");

        var result = await generator.GenerateAsync(["abcdefgh"], new EmbeddingGenerationOptions { Dimensions = 8 });

        Assert.Equal(8, result[0].Dimensions);
        Assert.Equal(2, result.Usage?.InputTokenCount);
        Assert.Equal(1, generator.CallCount);
    }

    [Fact]
    public void FakeEmbeddingGenerator_MetadataAndGetServiceFollowConvention()
    {
        using var generator = new FakeEmbeddingGenerator("embed-1", dimensions: 16, providerName: "openai");

        Assert.Equal("openai", generator.Metadata.ProviderName);
        Assert.Equal("embed-1", generator.Metadata.DefaultModelId);
        Assert.Equal(16, generator.Metadata.DefaultModelDimensions);
        Assert.Same(generator.Metadata, generator.GetService<EmbeddingGeneratorMetadata>());
        Assert.Same(generator, generator.GetService<FakeEmbeddingGenerator>());
    }

    private static double Dot(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();
}
