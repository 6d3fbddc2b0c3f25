namespace LlmRouter;

/// <summary>A budget's state for the current UTC day and month.</summary>
/// <param name="Tenant">The tenant, or <see langword="null"/> for the global budget.</param>
/// <param name="DailySpent">Settled cost today in USD, reservations included.</param>
/// <param name="DailyLimit">Today's limit, or <see langword="null"/>.</param>
/// <param name="MonthlySpent">Settled cost this month in USD, reservations included.</param>
/// <param name="MonthlyLimit">This month's limit, or <see langword="null"/>.</param>
public sealed record BudgetStatus(string? Tenant, decimal DailySpent, decimal? DailyLimit, decimal MonthlySpent, decimal? MonthlyLimit);
