namespace LlmRouter;

/// <summary>Stores usage records and summarises them. The default is in memory; <c>LlmRouter.Redis</c> shares one across instances.</summary>
public interface IUsageStore
{
    /// <summary>Records one attempt.</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the record is stored.</returns>
    ValueTask RecordAsync(UsageRecord record, CancellationToken cancellationToken = default);

    /// <summary>Summarises the records that match a query.</summary>
    /// <param name="query">Which records.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The summary.</returns>
    ValueTask<UsageSummary> GetSummaryAsync(UsageQuery query, CancellationToken cancellationToken = default);
}
