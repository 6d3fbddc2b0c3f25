namespace LlmRouter;

/// <summary>Spending limits in USD, checked before each call by reserving its worst-case cost.</summary>
public sealed class BudgetOptions
{
    /// <summary>Gets or sets the most the router may spend per UTC day, all tenants together.</summary>
    /// <value><see langword="null"/>: no limit. Must not be negative.</value>
    public decimal? DailyLimit { get; set; }

    /// <summary>Gets or sets the most the router may spend per UTC month, all tenants together.</summary>
    /// <value><see langword="null"/>: no limit. Must not be negative.</value>
    public decimal? MonthlyLimit { get; set; }

    /// <summary>Gets the limits of individual tenants, by tenant id (<see cref="RoutingHints.Tenant"/>).</summary>
    public IDictionary<string, TenantBudget> Tenants { get; } = new Dictionary<string, TenantBudget>(StringComparer.Ordinal);

    /// <summary>Gets a value indicating whether any limit is set.</summary>
    public bool HasLimits => DailyLimit is not null || MonthlyLimit is not null || Tenants.Count > 0;
}
