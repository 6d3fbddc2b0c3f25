namespace LlmRouter.Sqlite;

/// <summary>One budget's amounts in one period, as stored in <c>budget_totals</c>.</summary>
/// <param name="Reserved">Held by calls in flight.</param>
/// <param name="Spent">Settled.</param>
internal readonly record struct BudgetTotals(decimal Reserved, decimal Spent)
{
    /// <summary>Gets what counts against the limit: spent and reserved.</summary>
    public decimal Used => Reserved + Spent;
}
