namespace LlmRouter;

/// <summary>Spending limits in USD, checked before each call by reserving its worst-case cost.</summary>
/// <remarks>
/// The worst case is an upper bound in any script: the prompt as many input tokens as it has UTF-8 bytes (plus allowances per
/// message, tool, schema and image), priced at the model's highest input rate, and <see cref="Microsoft.Extensions.AI.ChatOptions.MaxOutputTokens"/>
/// (else the model's maximum output) at its output rate. Set <c>MaxOutputTokens</c> to keep reservations close to what is spent;
/// each reservation is settled to the cost the provider reports.
/// </remarks>
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
