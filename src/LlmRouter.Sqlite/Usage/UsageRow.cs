namespace LlmRouter.Sqlite;

/// <summary>One usage record as the <c>usage_records</c> table stores it, converted (and checked) when the record is queued.</summary>
internal readonly record struct UsageRow
{
    public long StartedUtcTicks { get; init; }

    public int OffsetMinutes { get; init; }

    public int UtcDay { get; init; }

    public string Provider { get; init; }

    public string Model { get; init; }

    public string? Tenant { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public long CachedInputTokens { get; init; }

    public long ReasoningTokens { get; init; }

    public long CostPicodollars { get; init; }

    public long DurationTicks { get; init; }

    public long? TimeToFirstTokenTicks { get; init; }

    public bool Success { get; init; }

    public string? Error { get; init; }

    public int Attempt { get; init; }

    public bool Estimated { get; init; }

    /// <summary>Converts a record.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The cost is beyond what a row holds (about ±9.2 million USD).</exception>
    public static UsageRow From(UsageRecord record)
    {
        long cost;
        try
        {
            cost = SqliteMoney.ToPicodollars(record.Cost);
        }
        catch (OverflowException ex)
        {
            throw new ArgumentOutOfRangeException(nameof(record), record.Cost, $"A usage record's cost must be within ±9,200,000 USD to be stored: {ex.Message}");
        }

        return new UsageRow
        {
            StartedUtcTicks = record.Timestamp.UtcTicks,
            OffsetMinutes = (int)record.Timestamp.TotalOffsetMinutes,
            UtcDay = DateOnly.FromDateTime(record.Timestamp.UtcDateTime).DayNumber,
            Provider = record.Provider ?? string.Empty,
            Model = record.Model ?? string.Empty,
            Tenant = record.Tenant,
            InputTokens = record.InputTokens,
            OutputTokens = record.OutputTokens,
            CachedInputTokens = record.CachedInputTokens,
            ReasoningTokens = record.ReasoningTokens,
            CostPicodollars = cost,
            DurationTicks = record.Duration.Ticks,
            TimeToFirstTokenTicks = record.TimeToFirstToken?.Ticks,
            Success = record.Success,
            Error = record.Error is { } error ? error.ToString() : null,
            Attempt = record.Attempt,
            Estimated = record.Estimated,
        };
    }
}
