namespace LlmRouter;

/// <summary>One tenant's spending limits in USD.</summary>
public sealed class TenantBudget
{
    /// <summary>Gets or sets the most the tenant may spend per UTC day.</summary>
    /// <value><see langword="null"/>: no limit.</value>
    public decimal? DailyLimit { get; set; }

    /// <summary>Gets or sets the most the tenant may spend per UTC month.</summary>
    /// <value><see langword="null"/>: no limit.</value>
    public decimal? MonthlyLimit { get; set; }
}
