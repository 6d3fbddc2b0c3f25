namespace LlmRouter.Tests.Learning.Neighbours;

public sealed class NearestNeighbourIndexTests
{
    [Fact]
    public void Search_TopKEqualsABruteForceSortOnRandomData()
    {
        const int dimensions = 48;
        var random = new Random(20261201);
        var vectors = RandomVectors(random, 2_000, dimensions);
        var index = new NearestNeighbourIndex(dimensions);
        for (var i = 0; i < vectors.Length; i++)
        {
            Assert.Equal(i, index.Add(vectors[i], payload: 10_000 + i));
        }

        var results = new Neighbour[25];
        foreach (var query in RandomVectors(random, 20, dimensions))
        {
            var expected = vectors
                .Select((vector, row) => (Payload: 10_000 + row, Similarity: Cosine(query, vector)))
                .OrderByDescending(pair => pair.Similarity)
                .Take(25)
                .ToArray();

            Assert.Equal(25, index.Search(query, 25, results));
            Assert.Equal(expected.Select(pair => pair.Payload), results.Select(neighbour => neighbour.Payload));
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i].Similarity, results[i].Similarity, 1e-5f);
            }
        }
    }

    [Fact]
    public void Search_KLargerThanCountReturnsEveryVectorInOrder()
    {
        var index = new NearestNeighbourIndex(2);
        index.Add([1f, 0f], 1);
        index.Add([0f, 3f], 2);
        index.Add([1f, 1f], 3);

        var results = new Neighbour[10];
        Assert.Equal(3, index.Search([2f, 0f], 10, results));

        Assert.Equal([1, 3, 2], results[..3].Select(neighbour => neighbour.Payload));
        Assert.Equal(1f, results[0].Similarity, 5);
        Assert.Equal(MathF.Sqrt(0.5f), results[1].Similarity, 5);
        Assert.Equal(0f, results[2].Similarity, 5);
        Assert.Equal(default, results[3]);
    }

    [Fact]
    public void Search_OnAnEmptyIndexOrWithKZeroFindsNothing()
    {
        var index = new NearestNeighbourIndex(3);
        Assert.Equal(0, index.Search([1f, 0f, 0f], 5, new Neighbour[5]));

        index.Add([1f, 0f, 0f], 7);
        Assert.Equal(0, index.Search([1f, 0f, 0f], 0, []));
    }

    [Fact]
    public void Add_StoresVectorsNormalisedAndZeroVectorsAsZero()
    {
        var index = new NearestNeighbourIndex(2);
        index.Add([0f, 0f], 1);
        index.Add([0f, 10f], 2);

        var results = new Neighbour[2];
        Assert.Equal(2, index.Search([0f, 0.5f], 2, results));
        Assert.Equal(new Neighbour(2, 1f), results[0]);
        Assert.Equal(new Neighbour(1, 0f), results[1]);
    }

    [Fact]
    public void AddAndSearch_RejectWrongDimensions()
    {
        var index = new NearestNeighbourIndex(4);

        var add = Assert.Throws<ArgumentException>(() => index.Add(new float[3], 0));
        Assert.Equal("vector", add.ParamName);
        Assert.Contains("4", add.Message, StringComparison.Ordinal);
        var search = Assert.Throws<ArgumentException>(() => index.Search(new float[5], 1, new Neighbour[1]));
        Assert.Equal("query", search.ParamName);
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void Search_RejectsBadKAndShortResults()
    {
        var index = new NearestNeighbourIndex(2);

        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search([1f, 0f], -1, new Neighbour[1]));
        Assert.Equal("results", Assert.Throws<ArgumentException>(() => index.Search([1f, 0f], 3, new Neighbour[2])).ParamName);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 0)]
    [InlineData(2, -1)]
    public void Constructor_RejectsBadArguments(int dimensions, int initialCapacity)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NearestNeighbourIndex(dimensions, initialCapacity));
    }

    [Fact]
    public void Add_GrowsAndClearStartsOver()
    {
        var index = new NearestNeighbourIndex(3, initialCapacity: 1);
        for (var i = 0; i < 100; i++)
        {
            index.Add([i, 1f, 0f], i);
        }

        Assert.Equal(100, index.Count);
        Assert.Equal(3, index.Dimensions);
        var results = new Neighbour[1];
        index.Search([1f, 0f, 0f], 1, results);
        Assert.Equal(99, results[0].Payload);

        index.Clear();
        Assert.Equal(0, index.Count);
        Assert.Equal(0, index.Add([0f, 1f, 0f], 5));
        index.Search([0f, 1f, 0f], 1, results);
        Assert.Equal(new Neighbour(5, 1f), results[0]);
    }

    [Fact]
    public async Task Search_ConcurrentReadersSeeConsistentRowsWhileOneWriterAdds()
    {
        const int dimensions = 32;
        const int total = 20_000;
        const int readerCount = 3;
        const int k = 8;
        var random = new Random(7);
        var vectors = RandomVectors(random, total, dimensions);
        var queries = RandomVectors(random, 16, dimensions);
        var index = new NearestNeighbourIndex(dimensions);
        var writerDone = 0;
        using var readersStarted = new CountdownEvent(readerCount);

        void Write()
        {
            // Start adding once every reader is searching (or after a bounded wait), so that searches overlap adds and grows.
            readersStarted.Wait(TimeSpan.FromSeconds(10));
            for (var i = 0; i < total; i++)
            {
                index.Add(vectors[i], i);
            }

            Volatile.Write(ref writerDone, 1);
        }

        void Read(int reader)
        {
            var results = new Neighbour[k];
            var searches = 0;
            var lastCount = 0;
            // Bounded: the writer finishes after a fixed number of adds; each reader then does a few more searches.
            while (Volatile.Read(ref writerDone) == 0 || searches < 20)
            {
                var query = queries[(reader + searches) % queries.Length];
                var countBefore = index.Count;
                var found = index.Search(query, k, results);
                Assert.True(countBefore >= lastCount);
                Assert.InRange(found, Math.Min(k, countBefore), k);
                for (var i = 0; i < found; i++)
                {
                    var neighbour = results[i];
                    Assert.InRange(neighbour.Payload, 0, total - 1);
                    Assert.Equal(Cosine(query, vectors[neighbour.Payload]), neighbour.Similarity, 1e-5f);
                    if (i > 0)
                    {
                        Assert.True(results[i - 1].Similarity >= neighbour.Similarity);
                    }
                }

                lastCount = countBefore;
                if (searches++ == 0)
                {
                    readersStarted.Signal();
                }
            }
        }

        // Dedicated threads, so that readers spinning until the writer is done never starve it of a pool thread.
        var writer = Task.Factory.StartNew(Write, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var readers = Enumerable.Range(0, readerCount)
            .Select(reader => Task.Factory.StartNew(() => Read(reader), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();

        await writer;
        await Task.WhenAll(readers);
        Assert.Equal(total, index.Count);
    }

    private static float[][] RandomVectors(Random random, int count, int dimensions) =>
        [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, dimensions).Select(_ => (random.NextSingle() * 2f) - 1f).ToArray())];

    private static float Cosine(float[] a, float[] b)
    {
        double dot = 0, normA = 0, normB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            normA += (double)a[i] * a[i];
            normB += (double)b[i] * b[i];
        }

        return (float)(dot / Math.Sqrt(normA * normB));
    }
}
