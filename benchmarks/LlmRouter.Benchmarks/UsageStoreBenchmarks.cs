using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace LlmRouter.Benchmarks;

/// <summary>
/// <see cref="InMemoryUsageStore.RecordAsync"/> from two threads at once, each recording <see cref="RecordsPerThread"/> prebuilt
/// records into a store (DESIGN §10: ≥ 1 M records/s over 2 threads). The reported time is per record, so records/s = 1 s / Mean.
/// To give each iteration enough work on a noisy machine, one invocation does this <see cref="Batches"/> times.
/// <see cref="FreshStore"/> writes each batch into a new, empty store (its chunks are allocated as they fill; no wrap-around);
/// <see cref="FullRing"/> writes every batch into a store already holding <see cref="InMemoryUsageStore.DefaultMaxRecords"/>
/// records, so every write wraps and replaces the oldest: the steady state of a long-running process.
/// <see cref="FullRing_OneThread"/> writes the same records from one thread, to show what contention between the two costs.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(UsageStoreConfig))]
public class UsageStoreBenchmarks
{
    /// <summary>Records each of the two threads writes per invocation.</summary>
    public const int RecordsPerThread = 100_000;

    /// <summary>Batches of 2 × <see cref="RecordsPerThread"/> records per invocation.</summary>
    public const int Batches = 10;

    private UsageRecord[] _first = null!;
    private UsageRecord[] _second = null!;
    private InMemoryUsageStore[] _fresh = null!;
    private InMemoryUsageStore _full = null!;

    [GlobalSetup]
    public void Setup()
    {
        _first = CreateRecords("bench", "m1");
        _second = CreateRecords("bench", "m2");
        _full = new InMemoryUsageStore();
        for (var written = 0; written < _full.MaxRecords; written += RecordsPerThread)
        {
            Write(_full, _first);
        }

        if (_full.Count != _full.MaxRecords)
        {
            throw new InvalidOperationException("The ring should be full before FullRing runs.");
        }
    }

    [IterationSetup(Target = nameof(FreshStore))]
    public void CreateFreshStores()
    {
        _fresh = new InMemoryUsageStore[Batches];
        for (var i = 0; i < _fresh.Length; i++)
        {
            _fresh[i] = new InMemoryUsageStore();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batches * 2 * RecordsPerThread)]
    public void FreshStore()
    {
        foreach (var store in _fresh)
        {
            WriteOnTwoThreads(store);
        }
    }

    [Benchmark(OperationsPerInvoke = Batches * 2 * RecordsPerThread)]
    public void FullRing()
    {
        for (var i = 0; i < Batches; i++)
        {
            WriteOnTwoThreads(_full);
        }
    }

    /// <summary>For reference: the same records written by one thread into the full ring, without contention.</summary>
    [Benchmark(OperationsPerInvoke = Batches * 2 * RecordsPerThread)]
    public void FullRing_OneThread()
    {
        for (var i = 0; i < Batches; i++)
        {
            Write(_full, _first);
            Write(_full, _second);
        }
    }

    private void WriteOnTwoThreads(IUsageStore store) =>
        Parallel.Invoke(
            new ParallelOptions { MaxDegreeOfParallelism = 2 },
            () => Write(store, _first),
            () => Write(store, _second));

    private static void Write(IUsageStore store, UsageRecord[] records)
    {
        foreach (var record in records)
        {
            var pending = store.RecordAsync(record);
            if (!pending.IsCompletedSuccessfully)
            {
                pending.AsTask().GetAwaiter().GetResult();
            }
        }
    }

    private static UsageRecord[] CreateRecords(string provider, string model)
    {
        var start = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var records = new UsageRecord[RecordsPerThread];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = new UsageRecord
            {
                Timestamp = start.AddMilliseconds(i),
                Provider = provider,
                Model = model,
                InputTokens = 100 + (i % 500),
                OutputTokens = 20 + (i % 200),
                Cost = 0.0000270m,
                Duration = TimeSpan.FromMilliseconds(300 + (i % 700)),
                Success = true,
                Attempt = 1,
            };
        }

        return records;
    }

    /// <summary>One invocation per iteration, so the fresh stores of <see cref="CreateFreshStores"/> are used exactly once.</summary>
    private sealed class UsageStoreConfig : ManualConfig
    {
        public UsageStoreConfig() =>
            AddJob(Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(20)
                .WithInvocationCount(1)
                .WithUnrollFactor(1));
    }
}
