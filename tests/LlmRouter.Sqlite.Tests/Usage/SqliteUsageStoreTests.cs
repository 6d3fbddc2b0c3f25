using LlmRouter.Sqlite.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Sqlite.Tests.Usage;

public sealed class SqliteUsageStoreTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    public static TheoryData<string> Queries() => ["all", "provider", "model-id", "model-key", "tenant", "unicode-tenant", "range", "combined", "nothing"];

    private static UsageQuery Query(string name) => name switch
    {
        "all" => new UsageQuery(),
        "provider" => new UsageQuery { Provider = "OPENAI" },
        "model-id" => new UsageQuery { Model = "gpt-4o-mini" },
        "model-key" => new UsageQuery { Model = "OpenAI/GPT-4o" },
        "tenant" => new UsageQuery { Tenant = "acme" },
        "unicode-tenant" => new UsageQuery { Tenant = "üNÏCODE" },
        "range" => new UsageQuery { From = Records.Start.AddHours(5), To = Records.Start.AddHours(30) },
        "combined" => new UsageQuery { Provider = "anthropic", Tenant = "globex", From = Records.Start.AddHours(1) },
        _ => new UsageQuery { Provider = "nobody" },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task SqliteUsageStore_Summary_EqualsTheInMemoryStores(string query)
    {
        var memory = new InMemoryUsageStore();
        await using var store = new SqliteUsageStore(_db.Options());
        for (var i = 0; i < 2_000; i++)
        {
            await memory.RecordAsync(Records.Make(i));
            await store.RecordAsync(Records.Make(i));
        }

        var expected = await memory.GetSummaryAsync(Query(query));
        var actual = await store.GetSummaryAsync(Query(query));

        AssertSameSummary(expected, actual);
    }

    [Fact]
    public async Task SqliteUsageStore_EstimatedRecords_AreStoredAsSuch()
    {
        await using (var store = new SqliteUsageStore(_db.Options()))
        {
            await store.RecordAsync(Records.Make(0) with { Estimated = true });
            await store.RecordAsync(Records.Make(1) with { Estimated = false });
        }

        Assert.Equal(1, _db.Scalar("SELECT COUNT(*) FROM usage_records WHERE estimated = 1;"));
        Assert.Equal(1, _db.Scalar("SELECT COUNT(*) FROM usage_records WHERE estimated = 0;"));
    }

    [Fact]
    public async Task SqliteUsageStore_Summary_SeesEveryRecordAcceptedBeforeIt()
    {
        await using var store = new SqliteUsageStore(_db.Options());
        for (var i = 0; i < 500; i++)
        {
            await store.RecordAsync(Records.Make(i));
        }

        var summary = await store.GetSummaryAsync(new UsageQuery());

        Assert.Equal(500, summary.Requests);
        Assert.Equal(0, store.Pending);
    }

    [Fact]
    public async Task SqliteUsageStore_Dispose_StoresEverythingQueued_AndAReopenedStoreSeesIt()
    {
        var memory = new InMemoryUsageStore();
        var store = new SqliteUsageStore(_db.Options(o => o.BatchSize = 64));
        for (var i = 0; i < 10_000; i++)
        {
            await memory.RecordAsync(Records.Make(i));
            var pending = store.RecordAsync(Records.Make(i));
            Assert.True(pending.IsCompletedSuccessfully);
        }

        await store.DisposeAsync();

        Assert.Equal(10_000, _db.Scalar("SELECT COUNT(*) FROM usage_records;"));
        await using var reopened = new SqliteUsageStore(_db.Options());
        AssertSameSummary(await memory.GetSummaryAsync(new UsageQuery()), await reopened.GetSummaryAsync(new UsageQuery()));
    }

    [Fact]
    public async Task SqliteUsageStore_RecordedFields_RoundTripThroughTheFile()
    {
        var record = Records.Make(7) with { Timestamp = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromMinutes(-330)), Cost = 0.000000000001m };
        await using (var store = new SqliteUsageStore(_db.Options()))
        {
            await store.RecordAsync(record);
        }

        using var connection = _db.OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT started_utc_ticks, offset_minutes, provider, model, tenant, cost_picousd, error, success, attempt, ttft_ticks FROM usage_records;";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(record.Timestamp.UtcTicks, reader.GetInt64(0));
        Assert.Equal(-330, reader.GetInt32(1));
        Assert.Equal(record.Provider, reader.GetString(2));
        Assert.Equal(record.Model, reader.GetString(3));
        Assert.Equal(record.Tenant, reader.IsDBNull(4) ? null : reader.GetString(4));
        Assert.Equal(1, reader.GetInt64(5));
        Assert.Equal(record.Error.ToString(), reader.GetString(6));
        Assert.Equal(0, reader.GetInt32(7));
        Assert.Equal(record.Attempt, reader.GetInt32(8));
        Assert.True(reader.IsDBNull(9));
        Assert.False(reader.Read());
    }

    [Fact]
    public async Task SqliteUsageStore_EmptyAndLongNames_AreStoredAsGiven()
    {
        var longName = string.Concat(Enumerable.Repeat("名前", 400)); // 2,400 UTF-8 bytes: past the stack buffer
        await using (var store = new SqliteUsageStore(_db.Options()))
        {
            await store.RecordAsync(new UsageRecord { Timestamp = Records.Start, Provider = string.Empty, Model = longName, Tenant = string.Empty });
        }

        using var connection = _db.OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT provider, model, tenant, error FROM usage_records;";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(string.Empty, reader.GetString(0));
        Assert.Equal(longName, reader.GetString(1));
        Assert.Equal(string.Empty, reader.GetString(2));
        Assert.True(reader.IsDBNull(3));
    }

    [Fact]
    public async Task SqliteUsageStore_TwoStoresOnOneFile_WritingAtOnce_LoseNothing()
    {
        var memory = new InMemoryUsageStore();
        var first = new SqliteUsageStore(_db.Options(o => o.BatchSize = 100));
        var second = new SqliteUsageStore(_db.Options(o => o.BatchSize = 100));
        var stores = new[] { first, second, first, second };

        await Parallel.ForEachAsync(Enumerable.Range(0, 4), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (writer, _) =>
        {
            for (var i = 0; i < 2_500; i++)
            {
                var record = Records.Make((writer * 2_500) + i);
                await stores[writer].RecordAsync(record);
                await memory.RecordAsync(record);
            }
        });
        await first.DisposeAsync();
        await second.DisposeAsync();

        Assert.Equal(10_000, _db.Scalar("SELECT COUNT(*) FROM usage_records;"));
        await using var reader = new SqliteUsageStore(_db.Options());
        AssertSameSummary(await memory.GetSummaryAsync(new UsageQuery()), await reader.GetSummaryAsync(new UsageQuery()));
    }

    [Fact]
    public async Task SqliteUsageStore_FileLocked_RecordingDoesNotWait_SummaryFails_ThenEverythingIsStoredOnceFree()
    {
        var time = new FakeTimeProvider();
        var logger = new CollectingLogger<SqliteUsageStore>();
        await using var store = new SqliteUsageStore(_db.Options(o => o.BusyTimeout = TimeSpan.Zero), time, logger);
        using var blocker = _db.OpenRaw();
        Execute(blocker, "BEGIN IMMEDIATE;");

        for (var i = 0; i < 100; i++)
        {
            Assert.True(store.RecordAsync(Records.Make(i)).IsCompletedSuccessfully);
        }

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetSummaryAsync(new UsageQuery()).AsTask());
        Assert.Contains(_db.FilePath, ex.Message, StringComparison.Ordinal);
        Assert.Equal(5, Assert.IsType<SqliteException>(ex.InnerException).SqliteErrorCode); // SQLITE_BUSY

        Execute(blocker, "ROLLBACK;");
        await Eventually.SucceedsAsync<InvalidOperationException>(time, TimeSpan.FromMilliseconds(100), () => store.FlushAsync().AsTask());

        Assert.Equal(100, (await store.GetSummaryAsync(new UsageQuery())).Requests);
        var entries = logger.Entries;
        Assert.Single(entries, e => e.Level == LogLevel.Warning);
        Assert.Single(entries, e => e.Level == LogLevel.Information && e.Message.Contains("works again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SqliteUsageStore_QueueFull_ThrowsAtOnce_AndKeepsWhatItAccepted()
    {
        var time = new FakeTimeProvider();
        await using var store = new SqliteUsageStore(_db.Options(o => { o.BusyTimeout = TimeSpan.Zero; o.BatchSize = 1; o.QueueCapacity = 1; }), time);
        using var blocker = _db.OpenRaw();
        Execute(blocker, "BEGIN IMMEDIATE;");

        var accepted = 0;
        InvalidOperationException? full = null;
        for (var i = 0; i < 10 && full is null; i++)
        {
            try
            {
                await store.RecordAsync(Records.Make(i));
                accepted++;
            }
            catch (InvalidOperationException ex)
            {
                full = ex;
            }
        }

        Assert.NotNull(full);
        Assert.Contains("full", full.Message, StringComparison.Ordinal);
        Assert.InRange(accepted, 1, 2); // the queue's one slot, and the row the writer holds if it took one first

        Execute(blocker, "ROLLBACK;");
        await Eventually.SucceedsAsync<InvalidOperationException>(time, TimeSpan.FromMilliseconds(100), () => store.FlushAsync().AsTask());
        Assert.Equal(accepted, _db.Scalar("SELECT COUNT(*) FROM usage_records;"));
    }

    [Fact]
    public async Task SqliteUsageStore_BadInput_IsRefusedBeforeQueuing()
    {
        var store = new SqliteUsageStore(_db.Options());

        await Assert.ThrowsAsync<ArgumentNullException>(() => store.RecordAsync(null!).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.RecordAsync(Records.Make(1) with { Cost = 10_000_000m }).AsTask());
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.GetSummaryAsync(null!).AsTask());
        await store.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.RecordAsync(Records.Make(1)).AsTask());
        Assert.Equal(0, _db.Scalar("SELECT COUNT(*) FROM usage_records;"));
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void AssertSameSummary(UsageSummary expected, UsageSummary actual)
    {
        Assert.Equal(expected.Requests, actual.Requests);
        Assert.Equal(expected.Successful, actual.Successful);
        Assert.Equal(expected.Failed, actual.Failed);
        Assert.Equal(expected.InputTokens, actual.InputTokens);
        Assert.Equal(expected.OutputTokens, actual.OutputTokens);
        Assert.Equal(expected.CachedInputTokens, actual.CachedInputTokens);
        Assert.Equal(expected.Cost, actual.Cost);
        Assert.Equal(expected.AverageLatency, actual.AverageLatency);
        AssertSameTotals(expected.ByProvider, actual.ByProvider);
        AssertSameTotals(expected.ByModel, actual.ByModel);
        AssertSameTotals(expected.ByDay, actual.ByDay);
    }

    private static void AssertSameTotals<TKey>(IReadOnlyDictionary<TKey, UsageTotals> expected, IReadOnlyDictionary<TKey, UsageTotals> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (key, totals) in expected)
        {
            Assert.True(actual.TryGetValue(key, out var other), $"missing {key}");
            Assert.Equal(totals, other);
        }
    }
}
