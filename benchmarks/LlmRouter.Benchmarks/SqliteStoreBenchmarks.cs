using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using LlmRouter.Sqlite;
using Microsoft.Data.Sqlite;

namespace LlmRouter.Benchmarks;

/// <summary>
/// LlmRouter.Sqlite on a temporary file (WAL, <c>synchronous = NORMAL</c>), on the machine's disk. The time shown is per
/// operation, so operations/s = 1 s ÷ Mean.
/// <see cref="UsageRecords"/>: <see cref="SqliteUsageStore.RecordAsync"/> of <see cref="Records"/> prebuilt records, then
/// <see cref="SqliteUsageStore.FlushAsync"/>, so the time covers the background writer storing them all (batches of up to
/// 1,000 records, one transaction each). <see cref="UsageRecords_RequestPath"/>: the same records queued only, which is what a
/// request pays; the writer stores them after the measurement (<see cref="FlushQueued"/>). <see cref="Reserve"/>: one <see cref="SqliteBudgetLedger.ReserveAsync"/>, one IMMEDIATE
/// transaction. <see cref="ReserveAndSettle"/>: a reservation and its settlement, two transactions. <see cref="Reserve_FourLedgers"/>:
/// four ledgers on the file (four processes, as far as locking goes) reserving at once, so the file's write lock is contended.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SqliteStoreConfig))]
public class SqliteStoreBenchmarks
{
    /// <summary>Records per <see cref="UsageRecords"/> invocation.</summary>
    public const int Records = 10_000;

    /// <summary>Reservations per invocation of the ledger benchmarks.</summary>
    public const int Reservations = 1_000;

    private string _folder = null!;
    private UsageRecord[] _records = null!;
    private SqliteUsageStore _usage = null!;
    private SqliteBudgetLedger[] _ledgers = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "llmrouter-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        var options = new SqliteStoreOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "bench.db")}" };
        _usage = new SqliteUsageStore(options);
        var budgets = new BudgetOptions { DailyLimit = decimal.MaxValue / 4, Tenants = { ["acme"] = new TenantBudget { MonthlyLimit = decimal.MaxValue / 4 } } };
        _ledgers = Enumerable.Range(0, 4).Select(_ => new SqliteBudgetLedger(options, budgets)).ToArray();
        var start = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        _records = Enumerable.Range(0, Records).Select(i => new UsageRecord
        {
            Timestamp = start.AddMilliseconds(i),
            Provider = "bench",
            Model = i % 2 == 0 ? "m1" : "m2",
            Tenant = i % 3 == 0 ? "acme" : null,
            InputTokens = 100 + (i % 500),
            OutputTokens = 20 + (i % 200),
            Cost = 0.0000270m,
            Duration = TimeSpan.FromMilliseconds(300 + (i % 700)),
            Success = true,
            Attempt = 1,
        }).ToArray();

        // Checks that the benchmarks measure what they are named after: records land in the file, reservations count.
        UsageRecords();
        var stored = _usage.GetSummaryAsync(new UsageQuery()).AsTask().GetAwaiter().GetResult().Requests;
        var reservation = _ledgers[0].ReserveAsync("acme", 1m).AsTask().GetAwaiter().GetResult();
        _ledgers[1].SettleAsync(reservation, 0.5m).AsTask().GetAwaiter().GetResult();
        var spent = _ledgers[2].GetStatusAsync("acme").AsTask().GetAwaiter().GetResult().MonthlySpent;
        if (stored != Records || spent != 0.5m)
        {
            throw new InvalidOperationException($"Setup check failed: {stored} records stored, {spent} spent.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _usage.Dispose();
        foreach (var ledger in _ledgers)
        {
            ledger.Dispose();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public void UsageRecords()
    {
        foreach (var record in _records)
        {
            var pending = _usage.RecordAsync(record);
            if (!pending.IsCompletedSuccessfully)
            {
                pending.AsTask().GetAwaiter().GetResult();
            }
        }

        _usage.FlushAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public void UsageRecords_RequestPath()
    {
        foreach (var record in _records)
        {
            var pending = _usage.RecordAsync(record);
            if (!pending.IsCompletedSuccessfully)
            {
                pending.AsTask().GetAwaiter().GetResult();
            }
        }
    }

    [IterationCleanup(Target = nameof(UsageRecords_RequestPath))]
    public void FlushQueued() => _usage.FlushAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Reservations)]
    public async Task Reserve()
    {
        var ledger = _ledgers[0];
        for (var i = 0; i < Reservations; i++)
        {
            await ledger.ReserveAsync(i % 2 == 0 ? "acme" : null, 0.001m);
        }
    }

    [Benchmark(OperationsPerInvoke = Reservations)]
    public async Task ReserveAndSettle()
    {
        var ledger = _ledgers[0];
        for (var i = 0; i < Reservations; i++)
        {
            var reservation = await ledger.ReserveAsync(i % 2 == 0 ? "acme" : null, 0.001m);
            await ledger.SettleAsync(reservation, 0.0005m);
        }
    }

    [Benchmark(OperationsPerInvoke = Reservations)]
    public Task Reserve_FourLedgers() =>
        Task.WhenAll(_ledgers.Select(ledger => Task.Run(async () =>
        {
            for (var i = 0; i < Reservations / 4; i++)
            {
                await ledger.ReserveAsync(i % 2 == 0 ? "acme" : null, 0.001m);
            }
        })));

    /// <summary>One invocation per iteration, so that the queue <see cref="UsageRecords_RequestPath"/> fills is flushed after each.</summary>
    private sealed class SqliteStoreConfig : ManualConfig
    {
        public SqliteStoreConfig() =>
            AddJob(Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(15)
                .WithInvocationCount(1)
                .WithUnrollFactor(1));
    }
}
