namespace LlmRouter;

/// <summary>Reads what the router has used and spent.</summary>
public interface IUsageTracker
{
    /// <summary>Summarises usage.</summary>
    /// <param name="query">Which records; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Requests, tokens, cost and latency, by provider, model and day.</returns>
    ValueTask<UsageSummary> GetSummaryAsync(UsageQuery? query = null, CancellationToken cancellationToken = default);
}
