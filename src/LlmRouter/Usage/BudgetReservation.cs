namespace LlmRouter;

/// <summary>An amount held against budgets until the call it covers is settled.</summary>
/// <param name="Tenant">The tenant, or <see langword="null"/>.</param>
/// <param name="Amount">The amount held in USD.</param>
/// <param name="Timestamp">When it was made; the day and month it counts in.</param>
public sealed record BudgetReservation(string? Tenant, decimal Amount, DateTimeOffset Timestamp)
{
    /// <summary>Gets a reservation that holds nothing, used where no budget applies.</summary>
    public static BudgetReservation None { get; } = new(null, 0m, DateTimeOffset.MinValue);

    private static long s_lastId;

    /// <summary>Gets the reservation's identifier, unique within the process (a shared ledger may assign its own).</summary>
    public long Id { get; init; } = Interlocked.Increment(ref s_lastId);
}
