namespace LlmRouter.Tests.Usage;

public sealed class InMemoryUsageStoreTests
{
    private static readonly DateTimeOffset Day1 = new(2025, 3, 10, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Day2 = Day1.AddDays(1);

    internal static UsageRecord Record(
        string provider = "openai",
        string model = "gpt-4o",
        DateTimeOffset? at = null,
        long input = 100,
        long output = 10,
        decimal cost = 0.01m,
        bool success = true,
        string? tenant = null,
        int durationMs = 100) => new()
        {
            Timestamp = at ?? Day1,
            Provider = provider,
            Model = model,
            InputTokens = input,
            OutputTokens = output,
            CachedInputTokens = input / 10,
            Cost = cost,
            Duration = TimeSpan.FromMilliseconds(durationMs),
            Success = success,
            Error = success ? null : LlmErrorKind.Unavailable,
            Tenant = tenant,
            Attempt = 1,
        };

    internal static async Task<InMemoryUsageStore> SeededAsync()
    {
        var store = new InMemoryUsageStore();
        await store.RecordAsync(Record("openai", "gpt-4o", Day1, 100, 10, 0.10m, tenant: "acme", durationMs: 100));
        await store.RecordAsync(Record("openai", "gpt-4o-mini", Day1.AddHours(2), 200, 20, 0.02m, tenant: "acme", durationMs: 300));
        await store.RecordAsync(Record("anthropic", "claude-sonnet", Day2, 300, 30, 0.30m, success: false, tenant: "globex", durationMs: 500));
        await store.RecordAsync(Record("OpenAI", "GPT-4o", Day2.AddHours(1), 400, 40, 0.40m, durationMs: 700));
        return store;
    }

    [Fact]
    public async Task InMemoryUsageStore_SummarisesTotalsAndAverageLatency()
    {
        var store = await SeededAsync();

        var summary = await store.GetSummaryAsync(new UsageQuery());

        Assert.Equal(4, summary.Requests);
        Assert.Equal(3, summary.Successful);
        Assert.Equal(1, summary.Failed);
        Assert.Equal(1000, summary.InputTokens);
        Assert.Equal(100, summary.OutputTokens);
        Assert.Equal(100, summary.CachedInputTokens);
        Assert.Equal(0.82m, summary.Cost);
        Assert.Equal(TimeSpan.FromMilliseconds(400), summary.AverageLatency);
    }

    [Fact]
    public async Task InMemoryUsageStore_GroupsByProviderModelAndDay()
    {
        var store = await SeededAsync();

        var summary = await store.GetSummaryAsync(new UsageQuery());

        Assert.Equal(2, summary.ByProvider.Count);
        Assert.Equal(new UsageTotals(3, 700, 70, 0.52m), summary.ByProvider["openai"]);
        Assert.Equal(new UsageTotals(1, 300, 30, 0.30m), summary.ByProvider["anthropic"]);

        Assert.Equal(3, summary.ByModel.Count);
        Assert.Equal(new UsageTotals(2, 500, 50, 0.50m), summary.ByModel["openai/gpt-4o"]);
        Assert.Equal(new UsageTotals(1, 200, 20, 0.02m), summary.ByModel["openai/gpt-4o-mini"]);
        Assert.Equal(new UsageTotals(1, 300, 30, 0.30m), summary.ByModel["anthropic/claude-sonnet"]);

        Assert.Equal(2, summary.ByDay.Count);
        Assert.Equal(new UsageTotals(2, 300, 30, 0.12m), summary.ByDay[new DateOnly(2025, 3, 10)]);
        Assert.Equal(new UsageTotals(2, 700, 70, 0.70m), summary.ByDay[new DateOnly(2025, 3, 11)]);
    }

    [Fact]
    public async Task InMemoryUsageStore_GroupsByUtcDay()
    {
        var store = new InMemoryUsageStore();

        // 23:30 at UTC-5 is 04:30 UTC the next day.
        await store.RecordAsync(Record(at: new DateTimeOffset(2025, 3, 10, 23, 30, 0, TimeSpan.FromHours(-5))));

        var summary = await store.GetSummaryAsync(new UsageQuery());

        Assert.Equal(new DateOnly(2025, 3, 11), Assert.Single(summary.ByDay).Key);
    }

    [Theory]
    [InlineData("openai", null, null, 3)]
    [InlineData("OPENAI", null, null, 3)]
    [InlineData("anthropic", null, null, 1)]
    [InlineData("mistral", null, null, 0)]
    [InlineData(null, "gpt-4o", null, 2)]
    [InlineData(null, "openai/GPT-4O", null, 2)]
    [InlineData(null, "anthropic/gpt-4o", null, 0)]
    [InlineData(null, "openai/", null, 0)]
    [InlineData(null, "claude-sonnet", null, 1)]
    [InlineData(null, null, "acme", 2)]
    [InlineData(null, null, "ACME", 2)]
    [InlineData(null, null, "globex", 1)]
    [InlineData("openai", "gpt-4o-mini", "acme", 1)]
    [InlineData("anthropic", null, "acme", 0)]
    public async Task InMemoryUsageStore_FiltersByProviderModelAndTenant(string? provider, string? model, string? tenant, long expected)
    {
        var store = await SeededAsync();

        var summary = await store.GetSummaryAsync(new UsageQuery { Provider = provider, Model = model, Tenant = tenant });

        Assert.Equal(expected, summary.Requests);
    }

    [Fact]
    public async Task InMemoryUsageStore_FromIsInclusiveAndToIsExclusive()
    {
        var store = new InMemoryUsageStore();
        var t0 = Day1;
        for (var i = 0; i < 5; i++)
        {
            await store.RecordAsync(Record(at: t0.AddMinutes(i), input: i));
        }

        var summary = await store.GetSummaryAsync(new UsageQuery { From = t0.AddMinutes(1), To = t0.AddMinutes(3) });

        Assert.Equal(2, summary.Requests);
        Assert.Equal(1 + 2, summary.InputTokens);
        Assert.Equal(3, (await store.GetSummaryAsync(new UsageQuery { From = t0.AddMinutes(2) })).Requests);
        Assert.Equal(2, (await store.GetSummaryAsync(new UsageQuery { To = t0.AddMinutes(2) })).Requests);
    }

    [Fact]
    public async Task InMemoryUsageStore_EmptyStoreSummarisesToZero()
    {
        var summary = await new InMemoryUsageStore().GetSummaryAsync(new UsageQuery());

        Assert.Equal(0, summary.Requests);
        Assert.Equal(TimeSpan.Zero, summary.AverageLatency);
        Assert.Empty(summary.ByProvider);
        Assert.Empty(summary.ByModel);
        Assert.Empty(summary.ByDay);
    }

    [Fact]
    public async Task InMemoryUsageStore_NullArgumentsThrow()
    {
        var store = new InMemoryUsageStore();

        await Assert.ThrowsAsync<ArgumentNullException>(() => store.RecordAsync(null!).AsTask());
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.GetSummaryAsync(null!).AsTask());
    }

    [Fact]
    public async Task InMemoryUsageStore_RecordsEvenWhenTokenIsCancelled()
    {
        var store = new InMemoryUsageStore();

        await store.RecordAsync(Record(), new CancellationToken(canceled: true));

        Assert.Equal(1, (await store.GetSummaryAsync(new UsageQuery())).Requests);
    }

    [Fact]
    public async Task InMemoryUsageStore_SummaryHonoursCancellation()
    {
        var store = await SeededAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => store.GetSummaryAsync(new UsageQuery(), new CancellationToken(canceled: true)).AsTask());
    }

    [Fact]
    public void InMemoryUsageStore_RejectsNonPositiveMaxRecords()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryUsageStore(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryUsageStore(-1));
        Assert.Equal(InMemoryUsageStore.DefaultMaxRecords, new InMemoryUsageStore().MaxRecords);
    }

    [Theory]
    [InlineData(10, 25)]
    [InlineData(5000, 12_345)]
    [InlineData(4096, 8192)]
    public async Task InMemoryUsageStore_BoundedRetentionKeepsMostRecent(int maxRecords, int written)
    {
        var store = new InMemoryUsageStore(maxRecords);
        for (var i = 0; i < written; i++)
        {
            await store.RecordAsync(Record(input: i, output: 1, cost: 1m));
        }

        var summary = await store.GetSummaryAsync(new UsageQuery());

        var oldestKept = written - maxRecords;
        var expectedInput = Enumerable.Range(oldestKept, maxRecords).Sum(i => (long)i);
        Assert.Equal(maxRecords, summary.Requests);
        Assert.Equal(expectedInput, summary.InputTokens);
        Assert.Equal(maxRecords, summary.Cost);
        Assert.Equal(maxRecords, store.Count);
        Assert.Equal(written, store.TotalRecorded);
    }

    [Fact]
    public async Task InMemoryUsageStore_CountsEveryRecordFromParallelWriters()
    {
        const int Writers = 16;
        const int PerWriter = 10_000;
        var store = new InMemoryUsageStore();
        var providers = new[] { "openai", "anthropic", "google", "mistral" };
        using var barrier = new Barrier(Writers);

        var threads = Enumerable.Range(0, Writers).Select(w => new Thread(() =>
        {
            var record = Record(providers[w % providers.Length], "m" + (w % 8), Day1.AddDays(w % 3), input: w + 1, output: 2, cost: 0.001m, success: w % 2 == 0, durationMs: 10);
            barrier.SignalAndWait();
            for (var i = 0; i < PerWriter; i++)
            {
                _ = store.RecordAsync(record);
            }
        })).ToArray();

        // A concurrent reader must not fail while writers run.
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var s = await store.GetSummaryAsync(new UsageQuery());
                Assert.InRange(s.Requests, 0, Writers * PerWriter);
            }
        });

        foreach (var t in threads)
        {
            t.Start();
        }

        foreach (var t in threads)
        {
            t.Join();
        }

        await stop.CancelAsync();
        await reader;

        var summary = await store.GetSummaryAsync(new UsageQuery());

        Assert.Equal(Writers * PerWriter, summary.Requests);
        Assert.Equal(Writers / 2 * PerWriter, summary.Successful);
        Assert.Equal(Writers / 2 * PerWriter, summary.Failed);
        Assert.Equal(Enumerable.Range(1, Writers).Sum() * (long)PerWriter, summary.InputTokens);
        Assert.Equal(2L * Writers * PerWriter, summary.OutputTokens);
        Assert.Equal(0.001m * Writers * PerWriter, summary.Cost);
        Assert.Equal(TimeSpan.FromMilliseconds(10), summary.AverageLatency);
        Assert.All(providers, p => Assert.Equal(Writers / providers.Length * PerWriter, summary.ByProvider[p].Requests));
        Assert.Equal(Writers * PerWriter, summary.ByModel.Values.Sum(t => t.Requests));
        Assert.Equal(Writers * PerWriter, summary.ByDay.Values.Sum(t => t.Requests));
    }
}
