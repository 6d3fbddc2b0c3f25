namespace LlmRouter;

/// <summary>Usage totals over a query's records.</summary>
public sealed record UsageSummary
{
    /// <summary>Gets the number of attempts recorded.</summary>
    public long Requests { get; init; }

    /// <summary>Gets the attempts that succeeded.</summary>
    public long Successful { get; init; }

    /// <summary>Gets the attempts that failed.</summary>
    public long Failed { get; init; }

    /// <summary>Gets the input tokens, cached ones included.</summary>
    public long InputTokens { get; init; }

    /// <summary>Gets the output tokens.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Gets the cached input tokens.</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Gets the cost in USD.</summary>
    public decimal Cost { get; init; }

    /// <summary>Gets the average duration of the attempts.</summary>
    public TimeSpan AverageLatency { get; init; }

    /// <summary>Gets totals by provider.</summary>
    public IReadOnlyDictionary<string, UsageTotals> ByProvider { get; init; } = new Dictionary<string, UsageTotals>();

    /// <summary>Gets totals by model key (<c>provider/id</c>).</summary>
    public IReadOnlyDictionary<string, UsageTotals> ByModel { get; init; } = new Dictionary<string, UsageTotals>();

    /// <summary>Gets totals by UTC day.</summary>
    public IReadOnlyDictionary<DateOnly, UsageTotals> ByDay { get; init; } = new Dictionary<DateOnly, UsageTotals>();
}
