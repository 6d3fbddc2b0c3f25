namespace LlmRouter;

/// <summary>An amount held against budgets until the call it covers is settled.</summary>
/// <param name="Tenant">The tenant, or <see langword="null"/>.</param>
/// <param name="Amount">The amount held in USD.</param>
/// <param name="Timestamp">When it was made; the day and month it counts in.</param>
public sealed record BudgetReservation(string? Tenant, decimal Amount, DateTimeOffset Timestamp)
{
    /// <summary>Gets a reservation that holds nothing, used where no budget applies.</summary>
    public static BudgetReservation None { get; } = new(null, 0m, DateTimeOffset.MinValue);

    /// <summary>Gets the reservation's identifier.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();
}
