using System.Numerics.Tensors;

namespace LlmRouter.Tests.Learning.Neighbours;

/// <summary>The full embeddings behind the exact ranking: sparse ones kept as positions and values, dense ones as they are.</summary>
public class PromptVectorsTests
{
    private static float[] Unit(int dimensions, int nonZero, int seed)
    {
        var random = new Random(seed);
        var vector = new float[dimensions];
        foreach (var i in Enumerable.Range(0, dimensions).OrderBy(_ => random.Next()).Take(nonZero))
        {
            vector[i] = (float)(random.NextDouble() - 0.5);
        }

        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }

    [Theory]
    [InlineData(2_048, 200)]   // the hashing embedder's: kept sparse
    [InlineData(2_048, 1_024)] // half: still sparse
    [InlineData(384, 384)]     // a neural embedder's: kept dense
    [InlineData(64, 0)]        // nothing at all
    public void PromptVectors_DotAndCopy_AreTheVectorsOwn(int dimensions, int nonZero)
    {
        var vectors = new PromptVectors();
        var kept = Unit(dimensions, nonZero, seed: 1);
        var query = Unit(dimensions, dimensions, seed: 2);
        vectors.Add(kept.ToArray());

        var copy = new float[dimensions];
        Array.Fill(copy, 9f); // whatever was there is overwritten
        vectors.CopyTo(0, copy);

        Assert.Equal(kept, copy);
        Assert.Equal(TensorPrimitives.Dot(query, kept), vectors.Dot(query, 0), 4);
        Assert.Equal(dimensions, vectors.DimensionsOf(0));
        Assert.Equal(1, vectors.Count);
    }

    [Fact]
    public void PromptVectors_ManyRows_EachAnswersForItself()
    {
        var vectors = new PromptVectors();
        var rows = Enumerable.Range(0, 50).Select(i => Unit(512, i % 2 == 0 ? 40 : 400, seed: i)).ToArray();
        foreach (var row in rows)
        {
            vectors.Add(row.ToArray());
        }

        var query = Unit(512, 512, seed: 99);
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(TensorPrimitives.Dot(query, rows[i]), vectors.Dot(query, i), 4);
        }
    }
}
