namespace LlmRouter;

/// <summary>The models chosen for a request, in the order they are tried, and why.</summary>
/// <param name="Models">The models to try, first choice first; the fallback chain follows them.</param>
/// <param name="Strategy">The strategy that made the plan.</param>
/// <param name="Reason">Why, for people (<c>route --explain</c>, logs, <see cref="RouteInfo"/>).</param>
public sealed record RoutePlan(IReadOnlyList<ModelDescriptor> Models, string Strategy, string Reason);
