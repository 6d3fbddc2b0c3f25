namespace LlmRouter;

/// <summary>Per-request routing preferences: set with <c>options.WithRouting(hints)</c>, read with <c>options.GetRoutingHints()</c>.</summary>
public sealed class RoutingHints
{
    /// <summary>Gets hints that change nothing.</summary>
    public static RoutingHints None { get; } = new();

    /// <summary>Gets the models (keys, ids or aliases) the request may use; <see langword="null"/> for all.</summary>
    public IReadOnlyList<string>? AllowedModels { get; init; }

    /// <summary>Gets the lowest tier the request may use.</summary>
    public ModelTier? MinTier { get; init; }

    /// <summary>Gets the highest tier the request may use.</summary>
    public ModelTier? MaxTier { get; init; }

    /// <summary>Gets the strategy to use for this request instead of <see cref="LlmRouterOptions.Strategy"/>.</summary>
    public string? Strategy { get; init; }

    /// <summary>Gets the most this request may cost in USD (worst case); models that could cost more are not candidates.</summary>
    public decimal? MaxCost { get; init; }

    /// <summary>
    /// Gets the quality, from 0 to 1, the <c>smart</c> strategy's choice must be predicted to reach, relative to the best
    /// candidate's prediction for this prompt: 0.9 takes the cheapest model predicted at least 90 % as good as the best one.
    /// </summary>
    public double? QualityTarget { get; init; }

    /// <summary>Gets the tenant the request is metered and budgeted under.</summary>
    public string? Tenant { get; init; }
}
