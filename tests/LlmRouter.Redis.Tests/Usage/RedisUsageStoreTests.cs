using LlmRouter.Redis.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Redis.Tests.Usage;

public sealed class RedisUsageStoreTests(SharedRedis redis) : IClassFixture<SharedRedis>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 22, 0, 0, TimeSpan.FromHours(2));

    [RedisFact]
    public async Task RedisUsageStore_Summaries_EqualTheInMemoryStoresForTheSameRecords()
    {
        var server = await redis.GetAsync();
        await using var connection = Ledgers.Connection(server.Configuration, SharedRedis.NewPrefix());
        await using var store = new RedisUsageStore(connection);
        var reference = new InMemoryUsageStore();
        foreach (var record in Records(300))
        {
            await store.RecordAsync(record);
            await reference.RecordAsync(record);
        }

        foreach (var query in new[]
        {
            new UsageQuery(),
            new UsageQuery { From = Start.AddHours(3) },
            new UsageQuery { To = Start.AddHours(5) },
            new UsageQuery { From = Start.AddMinutes(90), To = Start.AddMinutes(91) },
            new UsageQuery { Provider = "ALPHA" },
            new UsageQuery { Model = "m-1" },
            new UsageQuery { Model = "beta/M-2" },
            new UsageQuery { Tenant = "Acme" },
            new UsageQuery { Provider = "nobody" },
        })
        {
            var expected = await reference.GetSummaryAsync(query);
            var actual = await store.GetSummaryAsync(query);
            AssertSummariesEqual(expected, actual);
        }
    }

    [RedisFact]
    public async Task RedisUsageStore_TwoInstances_SummariseEachOthersRecords()
    {
        var server = await redis.GetAsync();
        var prefix = SharedRedis.NewPrefix();
        await using var first = Ledgers.Connection(server.Configuration, prefix);
        await using var second = Ledgers.Connection(server.Configuration, prefix);
        await using var a = new RedisUsageStore(first);
        await using var b = new RedisUsageStore(second);

        await a.RecordAsync(Record(Start, "alpha", "m-1", cost: 0.25m));
        await b.RecordAsync(Record(Start, "beta", "m-2", cost: 0.5m));
        await b.FlushAsync();
        var summary = await a.GetSummaryAsync(new UsageQuery());

        Assert.Equal(2, summary.Requests);
        Assert.Equal(0.75m, summary.Cost);
        Assert.Equal(["alpha", "beta"], summary.ByProvider.Keys.Order(StringComparer.Ordinal));
    }

    [RedisFact]
    public async Task RedisUsageStore_ManyRecordsAtOneInstant_AreEachCountedOnce()
    {
        var server = await redis.GetAsync();
        await using var connection = Ledgers.Connection(server.Configuration, SharedRedis.NewPrefix());
        await using var store = new RedisUsageStore(connection);
        const int count = (RedisRouterDefaults.UsagePageSize * 2) + 123; // pages whose scores are all the same

        for (var i = 0; i < count; i++)
        {
            await store.RecordAsync(Record(Start, "alpha", "m-1", input: 1));
        }

        await store.RecordAsync(Record(Start.AddMilliseconds(1), "alpha", "m-1", input: 1000));
        var summary = await store.GetSummaryAsync(new UsageQuery());

        Assert.Equal(count + 1, summary.Requests);
        Assert.Equal(count + 1000, summary.InputTokens);
    }

    [RedisFact]
    public async Task RedisUsageStore_RecordsOlderThanTheRetention_AreRemovedAsNewOnesAreWritten()
    {
        var server = await redis.GetAsync();
        var time = new FakeTimeProvider(Start);
        await using var connection = Ledgers.Connection(server.Configuration, SharedRedis.NewPrefix(), time, o => o.UsageRetention = TimeSpan.FromDays(1));

        await using var store = new RedisUsageStore(connection);
        await store.RecordAsync(Record(Start.AddDays(-2), "alpha", "old"));
        await store.RecordAsync(Record(Start.AddHours(-23), "alpha", "recent"));
        await store.FlushAsync();
        var summary = await store.GetSummaryAsync(new UsageQuery());

        Assert.Equal(["alpha/recent"], summary.ByModel.Keys);
    }

    [RedisFact]
    public async Task RedisUsageStore_Disposed_WritesWhatItBuffered()
    {
        var server = await redis.GetAsync();
        var prefix = SharedRedis.NewPrefix();
        await using (var connection = Ledgers.Connection(server.Configuration, prefix))
        {
            var store = new RedisUsageStore(connection);
            for (var i = 0; i < 1000; i++)
            {
                await store.RecordAsync(Record(Start, "alpha", "m-1"));
            }

            await store.DisposeAsync();
        }

        await using var reader = Ledgers.Connection(server.Configuration, prefix);
        await using var later = new RedisUsageStore(reader);
        Assert.Equal(1000, (await later.GetSummaryAsync(new UsageQuery())).Requests);
    }

    [RedisFact]
    public async Task RedisUsageStore_RedisDown_BuffersRecordsAndWritesThemWhenBack()
    {
        await using var server = await RedisServer.StartAsync();
        var logs = new LogCollector();
        await using var connection = Ledgers.Connection(server.Configuration, SharedRedis.NewPrefix(), logs: logs);
        await using var store = new RedisUsageStore(connection);
        await store.RecordAsync(Record(Start, "alpha", "before"));
        await store.FlushAsync();
        await server.KillAsync();

        for (var i = 0; i < 50; i++)
        {
            await store.RecordAsync(Record(Start, "alpha", "during")); // returns at once: the request never waits on Redis
        }

        await Ledgers.EventuallyAsync(() => connection.Outage.IsDown, "the outage to be noticed");
        var unavailable = await Assert.ThrowsAsync<RedisUnavailableException>(() => store.GetSummaryAsync(new UsageQuery()).AsTask());
        Assert.True(store.PendingCount > 0);
        await server.StartAgainAsync(); // without persistence: only what was buffered comes back
        await Ledgers.EventuallyAsync(() => store.PendingCount == 0 && !connection.Outage.IsDown, "the buffered records to be written");
        var summary = await store.GetSummaryAsync(new UsageQuery());

        Assert.Equal(LlmErrorKind.Unavailable, unavailable.Kind);
        Assert.Equal(50, summary.Requests);
        Assert.Equal(["alpha/during"], summary.ByModel.Keys);
        Assert.Equal(1, logs.Count(101));
        Assert.Equal(1, logs.Count(102));
    }

    [RedisFact]
    public async Task RedisUsageStore_BufferFull_DropsTheOldestRecordsAndWarnsOnce()
    {
        await using var server = await RedisServer.StartAsync();
        var logs = new LogCollector();
        await using var connection = Ledgers.Connection(server.Configuration, SharedRedis.NewPrefix(), configure: o => o.OutageBufferCapacity = 10, logs: logs);
        await using var store = new RedisUsageStore(connection);
        await store.FlushAsync();
        await store.GetSummaryAsync(new UsageQuery());
        await server.KillAsync();
        await Ledgers.EventuallyAsync(() => connection.Outage.IsDown, "the outage to be noticed");

        for (var i = 1; i <= 25; i++)
        {
            await store.RecordAsync(Record(Start, "alpha", "m", input: i));
        }

        var dropped = store.DroppedCount;
        await server.StartAgainAsync();
        await Ledgers.EventuallyAsync(() => store.PendingCount == 0 && !connection.Outage.IsDown, "the buffered records to be written");
        var summary = await store.GetSummaryAsync(new UsageQuery());

        Assert.Equal(15, dropped);
        Assert.Equal(10, summary.Requests);
        Assert.Equal(Enumerable.Range(16, 10).Sum(), summary.InputTokens); // the newest ten
        Assert.Equal(1, logs.Count(103));
    }

    [RedisFact]
    public async Task RedisUsageStore_RedisRestartWithAppendOnlyFile_KeepsEveryAcknowledgedRecord()
    {
        await using var server = await RedisServer.StartAsync(appendOnly: true);
        var prefix = SharedRedis.NewPrefix();
        await using (var connection = Ledgers.Connection(server.Configuration, prefix))
        await using (var store = new RedisUsageStore(connection))
        {
            foreach (var record in Records(200))
            {
                await store.RecordAsync(record);
            }

            await store.FlushAsync(); // acknowledged by Redis
        }

        await server.KillAsync(); // a crash: SIGKILL, no shutdown save
        await server.StartAgainAsync();

        await using var reader = Ledgers.Connection(server.Configuration, prefix);
        await using var later = new RedisUsageStore(reader);
        var reference = new InMemoryUsageStore();
        foreach (var record in Records(200))
        {
            await reference.RecordAsync(record);
        }

        AssertSummariesEqual(await reference.GetSummaryAsync(new UsageQuery()), await later.GetSummaryAsync(new UsageQuery()));
    }

    [RedisFact]
    public async Task RedisUsageStore_RedisRestartWithoutPersistence_LosesWhatItHeld()
    {
        await using var server = await RedisServer.StartAsync(appendOnly: false);
        var prefix = SharedRedis.NewPrefix();
        await using var connection = Ledgers.Connection(server.Configuration, prefix);
        await using var store = new RedisUsageStore(connection);
        await store.RecordAsync(Record(Start, "alpha", "m-1"));
        await store.FlushAsync();

        await server.KillAsync();
        await server.StartAgainAsync();

        await Ledgers.EventuallyAsync(async () =>
        {
            try
            {
                return (await store.GetSummaryAsync(new UsageQuery())).Requests == 0;
            }
            catch (RedisUnavailableException)
            {
                return false; // still reconnecting
            }
        }, "the restarted, empty server to answer");
    }

    internal static UsageRecord Record(DateTimeOffset at, string provider, string model, long input = 10, decimal cost = 0.01m, string? tenant = null) => new()
    {
        Timestamp = at,
        Provider = provider,
        Model = model,
        InputTokens = input,
        OutputTokens = 20,
        Cost = cost,
        Duration = TimeSpan.FromMilliseconds(120),
        Success = true,
        Tenant = tenant,
        Attempt = 1,
    };

    // Varied records: providers, models, tenants, failures, streams, odd offsets and fractions of a cent.
    private static IEnumerable<UsageRecord> Records(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new UsageRecord
            {
                Timestamp = Start.AddMinutes(i * 1.7).ToOffset(TimeSpan.FromMinutes((i % 5) * 45)),
                Provider = i % 3 == 0 ? "alpha" : "beta",
                Model = "m-" + (i % 4),
                InputTokens = 100 + i,
                OutputTokens = 7 * i,
                CachedInputTokens = i % 2,
                ReasoningTokens = i % 7,
                Cost = 0.000123m * i,
                Duration = TimeSpan.FromMilliseconds(10 + i),
                TimeToFirstToken = i % 2 == 0 ? TimeSpan.FromMilliseconds(i) : null,
                Success = i % 6 != 0,
                Error = i % 6 != 0 ? null : LlmErrorKind.RateLimited,
                Tenant = (i % 4) switch { 0 => null, 1 => "acme", 2 => "ACME", _ => "другой" },
                Attempt = 1 + (i % 3),
            };
        }
    }

    private static void AssertSummariesEqual(UsageSummary expected, UsageSummary actual)
    {
        Assert.Equal(expected with { ByProvider = null!, ByModel = null!, ByDay = null! }, actual with { ByProvider = null!, ByModel = null!, ByDay = null! });
        Assert.Equal(expected.ByProvider.OrderBy(p => p.Key, StringComparer.Ordinal), actual.ByProvider.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(expected.ByModel.OrderBy(p => p.Key, StringComparer.Ordinal), actual.ByModel.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(expected.ByDay.OrderBy(p => p.Key), actual.ByDay.OrderBy(p => p.Key));
    }
}
