using System.Collections.Concurrent;

namespace LlmRouter.Tests.TestSupport;

/// <summary>Keeps every record it is given, in order.</summary>
internal sealed class RecordingUsageStore : IUsageStore
{
    private readonly ConcurrentQueue<UsageRecord> _records = new();

    public IReadOnlyList<UsageRecord> Records => _records.ToArray();

    public ValueTask RecordAsync(UsageRecord record, CancellationToken cancellationToken = default)
    {
        _records.Enqueue(record);
        return ValueTask.CompletedTask;
    }

    public ValueTask<UsageSummary> GetSummaryAsync(UsageQuery query, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new UsageSummary { Requests = _records.Count });
}
