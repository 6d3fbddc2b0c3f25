namespace LlmRouter;

/// <summary>The names of the built-in routing strategies, as set in <see cref="LlmRouterOptions.Strategy"/> or <see cref="RoutingHints.Strategy"/>; compared ignoring case.</summary>
public static class RoutingStrategyNames
{
    /// <summary>The default: a complexity classifier picks a tier, then the cheapest model of that tier (local first when <see cref="LlmRouterOptions.LocalFirst"/>).</summary>
    public const string Complexity = "complexity";

    /// <summary>Round robin over the candidates: each request starts at the next candidate.</summary>
    public const string Sequential = "sequential";

    /// <summary>The cheapest candidate for the prompt first, within <see cref="RoutingHints.MaxCost"/>.</summary>
    public const string Cost = "cost";

    /// <summary>The candidate with the lowest observed average latency first.</summary>
    public const string Latency = "latency";

    /// <summary>Cost-quality routing: the cheapest model predicted to meet <see cref="RoutingHints.QualityTarget"/>.</summary>
    public const string Smart = "smart";

    /// <summary>Not a strategy one chooses: reported when <see cref="Microsoft.Extensions.AI.ChatOptions.ModelId"/> selected the model directly.</summary>
    public const string Direct = "direct";
}
