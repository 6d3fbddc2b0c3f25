namespace LlmRouter.Sqlite;

/// <summary>The UTC day and month of an instant, as numbers that grow with time (the keys of <c>budget_totals</c>).</summary>
/// <param name="Day">The UTC day's <see cref="DateOnly.DayNumber"/>.</param>
/// <param name="Month">The UTC month as year × 12 + month − 1.</param>
internal readonly record struct BudgetPeriods(int Day, int Month)
{
    /// <summary>Gets the periods of an instant.</summary>
    public static BudgetPeriods Of(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return new BudgetPeriods(DateOnly.FromDateTime(utc).DayNumber, (utc.Year * 12) + utc.Month - 1);
    }

    /// <summary>Gets the later of two periods, field by field, so that a clock stepping back keeps counting in the later period.</summary>
    public BudgetPeriods Max(BudgetPeriods other) => new(Math.Max(Day, other.Day), Math.Max(Month, other.Month));
}
