namespace LlmRouter;

/// <summary>Reads usage from an <see cref="IUsageStore"/>.</summary>
public sealed class UsageTracker : IUsageTracker
{
    private static readonly UsageQuery AllRecords = new();

    private readonly IUsageStore _store;

    /// <summary>Initializes a new instance of the <see cref="UsageTracker"/> class.</summary>
    /// <param name="store">The store the router records into.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is <see langword="null"/>.</exception>
    public UsageTracker(IUsageStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <inheritdoc/>
    public ValueTask<UsageSummary> GetSummaryAsync(UsageQuery? query = null, CancellationToken cancellationToken = default) =>
        _store.GetSummaryAsync(query ?? AllRecords, cancellationToken);
}
