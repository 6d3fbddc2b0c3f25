using System.Diagnostics;

namespace LlmRouter.Tests.Usage;

public sealed class InMemoryUsageStoreConcurrencyTests
{
    private static readonly DateTimeOffset Day1 = new(2025, 3, 10, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 5)]
    [InlineData(3, 100)]
    [InlineData(1000, 999)]
    [InlineData(1000, 1000)]
    [InlineData(4097, 10_000)]
    public async Task InMemoryUsageStore_WrapAroundKeepsExactlyTheNewestMaxRecords(int maxRecords, int written)
    {
        var store = new InMemoryUsageStore(maxRecords);
        for (var i = 0; i < written; i++)
        {
            await store.RecordAsync(InMemoryUsageStoreTests.Record(input: i, output: 1, cost: 1m));
        }

        var summary = await store.GetSummaryAsync(new UsageQuery());

        var kept = Math.Min(written, maxRecords);
        Assert.Equal(kept, summary.Requests);
        Assert.Equal(Enumerable.Range(written - kept, kept).Sum(i => (long)i), summary.InputTokens);
        Assert.Equal(kept, store.Count);
        Assert.Equal(maxRecords, store.MaxRecords);
        Assert.Equal(written, store.TotalRecorded);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public async Task InMemoryUsageStore_WrapAroundWith16WritersKeepsExactlyMaxRecords(int maxRecords)
    {
        const int Writers = 16;
        const int PerWriter = 10_000;
        var store = new InMemoryUsageStore(maxRecords);
        using var barrier = new Barrier(Writers);

        var threads = Enumerable.Range(0, Writers).Select(w => new Thread(() =>
        {
            var record = InMemoryUsageStoreTests.Record("p" + (w % 4), "m", input: w + 1, output: 2, cost: 1m);
            barrier.SignalAndWait();
            for (var i = 0; i < PerWriter; i++)
            {
                _ = store.RecordAsync(record);
            }
        })).ToArray();
        foreach (var t in threads)
        {
            t.Start();
        }

        foreach (var t in threads)
        {
            t.Join();
        }

        var summary = await store.GetSummaryAsync(new UsageQuery());

        Assert.Equal(maxRecords, summary.Requests);
        Assert.Equal(2L * maxRecords, summary.OutputTokens);
        Assert.Equal(maxRecords, summary.Cost);
        Assert.Equal(maxRecords, summary.ByProvider.Values.Sum(t => t.Requests));
        Assert.Equal(maxRecords, store.Count);
        Assert.Equal(Writers * PerWriter, store.TotalRecorded);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public async Task InMemoryUsageStore_SummaryNeverSeesAHalfWrittenRecord(int maxRecords)
    {
        // Every field of record v is derived from v, so a record mixing two writes shows up in the totals:
        // input = output = cached = cost = duration ticks, and provider k goes with model k, tenant k and day k.
        // With one slot, writers lap one another all the time.
        const int Writers = 3;
        const int Variants = 4;
        var store = new InMemoryUsageStore(maxRecords);
        var providers = Enumerable.Range(0, Variants).Select(k => "p" + k).ToArray();
        var models = Enumerable.Range(0, Variants).Select(k => "m" + k).ToArray();
        var tenants = Enumerable.Range(0, Variants).Select(k => "t" + k).ToArray();
        var records = Enumerable.Range(0, Writers).Select(w => Enumerable.Range(0, 1024).Select(i =>
        {
            var v = (i * Writers) + w + 1;
            var k = v % Variants;
            return new UsageRecord
            {
                Timestamp = Day1.AddDays(k),
                Provider = providers[k],
                Model = models[k],
                Tenant = tenants[k],
                InputTokens = v,
                OutputTokens = v,
                CachedInputTokens = v,
                ReasoningTokens = v,
                Cost = v,
                Duration = TimeSpan.FromTicks(v),
                Success = true,
                Attempt = 1,
            };
        }).ToArray()).ToArray();

        using var stop = new CancellationTokenSource();
        var threads = Enumerable.Range(0, Writers).Select(w => new Thread(() =>
        {
            var mine = records[w];
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                _ = store.RecordAsync(mine[i & (mine.Length - 1)]);
            }
        })).ToArray();
        foreach (var t in threads)
        {
            t.Start();
        }

        try
        {
            var clock = Stopwatch.StartNew();
            var summaries = 0;
            while (clock.ElapsedMilliseconds < 500 || summaries < 1000)
            {
                summaries++;
                var s = await store.GetSummaryAsync(new UsageQuery());
                Assert.InRange(s.Requests, 0, maxRecords);
                Assert.Equal(s.InputTokens, s.OutputTokens);
                Assert.Equal(s.InputTokens, s.CachedInputTokens);
                Assert.Equal(s.InputTokens, s.Cost);
                foreach (var (provider, totals) in s.ByProvider)
                {
                    var k = int.Parse(provider.AsSpan(1), provider: System.Globalization.CultureInfo.InvariantCulture);
                    Assert.Equal(totals.InputTokens, totals.OutputTokens);
                    Assert.Equal(totals.Requests, s.ByModel[provider + "/m" + k].Requests);
                    Assert.Equal(totals.Requests, s.ByDay[DateOnly.FromDateTime(Day1.AddDays(k).UtcDateTime)].Requests);
                }

                Assert.Equal(s.ByProvider.Count, s.ByModel.Count);
                Assert.Equal(s.ByProvider.Count, s.ByDay.Count);

                var tenant = await store.GetSummaryAsync(new UsageQuery { Tenant = "t1" });
                Assert.All(tenant.ByProvider.Keys, p => Assert.Equal("p1", p));
            }
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var t in threads)
            {
                t.Join();
            }
        }
    }

    [Fact]
    public void UsageEntry_KeepsEveryFieldOfTheRecord()
    {
        UsageRecord[] records =
        [
            new()
            {
                Timestamp = new DateTimeOffset(2025, 3, 10, 23, 30, 0, TimeSpan.FromHours(-5.5)),
                Provider = "openai",
                Model = "gpt-4o",
                Tenant = "acme",
                InputTokens = 1L << 40,
                OutputTokens = 2,
                CachedInputTokens = 3,
                ReasoningTokens = 4,
                Cost = 0.0000123m,
                Duration = TimeSpan.FromTicks(123_456_789),
                TimeToFirstToken = TimeSpan.Zero,
                Success = false,
                Error = LlmErrorKind.StreamInterrupted,
                Attempt = 3,
                Estimated = true,
            },
            InMemoryUsageStoreTests.Record() with { Error = LlmErrorKind.Unknown },
            InMemoryUsageStoreTests.Record() with { Success = true, Estimated = true },
            InMemoryUsageStoreTests.Record() with { Success = true, Estimated = false },
            InMemoryUsageStoreTests.Record() with { Error = null, TimeToFirstToken = null, Tenant = null },
        ];

        foreach (var record in records)
        {
            var entry = default(UsageEntry);
            entry.CopyFrom(UsageEntry.FromRecord(record));

            var copy = entry.ToRecord();

            Assert.Equal(record, copy);
            Assert.Equal(record.Timestamp.Offset, copy.Timestamp.Offset);
        }
    }

    [Fact]
    public void UsageEntry_StaysOneHundredAndTwelveBytes()
    {
        Assert.Equal(112, System.Runtime.CompilerServices.Unsafe.SizeOf<UsageEntry>());
    }
}
