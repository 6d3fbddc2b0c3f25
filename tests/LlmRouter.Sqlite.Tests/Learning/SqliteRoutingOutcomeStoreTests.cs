using LlmRouter.Sqlite.Tests.TestSupport;

namespace LlmRouter.Sqlite.Tests.Learning;

public sealed class SqliteRoutingOutcomeStoreTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static RoutingOutcome Outcome(int i) =>
        new($"prompt {i % 7}", i % 2 == 0 ? "openai/gpt-4o-mini" : "anthropic/claude-haiku", (i % 11) / 10.0)
        {
            OutputTokens = i % 3 == 0 ? null : 10 * i,
            Source = i % 4 == 0 ? null : "mmlu/anatomy",
        };

    [Fact]
    public async Task SqliteRoutingOutcomeStore_AppendsAndReadsInOrder_FromAnyPosition()
    {
        using var store = new SqliteRoutingOutcomeStore(_db.Options());
        var first = Enumerable.Range(0, 5).Select(Outcome).ToArray();
        var second = Enumerable.Range(5, 3).Select(Outcome).ToArray();

        await store.AddAsync(first);
        await store.AddAsync([]);
        await store.AddAsync(second);

        Assert.Equal(8, store.Count);
        Assert.Equal(first.Concat(second), await store.ReadAsync(0));
        Assert.Equal(second, await store.ReadAsync(5));
        Assert.Empty(await store.ReadAsync(8));
        Assert.Empty(await store.ReadAsync(100));
    }

    [Fact]
    public async Task SqliteRoutingOutcomeStore_Reopened_HoldsEverything()
    {
        var outcomes = Enumerable.Range(0, 20).Select(Outcome).ToArray();
        using (var store = new SqliteRoutingOutcomeStore(_db.Options()))
        {
            await store.AddAsync(outcomes);
        }

        using var reopened = new SqliteRoutingOutcomeStore(_db.Options());

        Assert.Equal(20, reopened.Count);
        Assert.Equal(outcomes, await reopened.ReadAsync(0));
    }

    [Fact]
    public async Task SqliteRoutingOutcomeStore_TwoStoresAppendingAtOnce_KeepOneDenseLog()
    {
        using var a = new SqliteRoutingOutcomeStore(_db.Options());
        using var b = new SqliteRoutingOutcomeStore(_db.Options());

        await Parallel.ForEachAsync(Enumerable.Range(0, 40), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
            await (i % 2 == 0 ? a : b).AddAsync([Outcome(2 * i), Outcome((2 * i) + 1)], ct));

        var all = await a.ReadAsync(0);
        Assert.Equal(80, all.Count);
        Assert.Equal(80, a.Count);
        Assert.Equal(Enumerable.Range(0, 80).Select(Outcome).ToHashSet(), all.ToHashSet());
        Assert.Equal(79, _db.Scalar("SELECT MAX(position) FROM routing_outcomes;"));

        // Each batch of two stays together, in its order.
        var index = Enumerable.Range(0, 80).ToDictionary(Outcome, i => i);
        for (var p = 0; p < all.Count; p += 2)
        {
            Assert.Equal(0, index[all[p]] % 2);
            Assert.Equal(index[all[p]] + 1, index[all[p + 1]]);
        }

        Assert.Equal(80, (await b.ReadAsync(0)).Count);
        Assert.Equal(80, b.Count);
    }

    [Fact]
    public async Task SqliteRoutingOutcomeStore_BadInput_Throws()
    {
        using var store = new SqliteRoutingOutcomeStore(_db.Options());

        await Assert.ThrowsAsync<ArgumentNullException>(() => store.AddAsync(null!).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => store.AddAsync([Outcome(1), null!]).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ReadAsync(-1).AsTask());
        Assert.Equal(0, store.Count);
    }
}
