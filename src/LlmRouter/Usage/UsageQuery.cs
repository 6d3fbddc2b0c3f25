namespace LlmRouter;

/// <summary>Which usage records to summarise; every property left <see langword="null"/> matches everything.</summary>
public sealed record UsageQuery
{
    /// <summary>Gets the earliest timestamp included.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Gets the timestamp before which records are included (exclusive).</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Gets the provider to match, ignoring case.</summary>
    public string? Provider { get; init; }

    /// <summary>Gets the model id (or key) to match, ignoring case.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the tenant to match, ignoring case.</summary>
    public string? Tenant { get; init; }
}
