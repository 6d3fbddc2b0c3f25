namespace LlmRouter;

/// <summary>One route's (one model's) health as the router has observed it.</summary>
/// <param name="ModelKey">The model key, <c>provider/id</c>.</param>
/// <param name="IsCoolingDown">Whether the route's circuit is open and it is being skipped.</param>
/// <param name="CooldownUntil">When the cooldown ends, if cooling down.</param>
/// <param name="AverageLatency">The observed average latency of successful calls, if any.</param>
/// <param name="RecentFailures">Failures counted in the current cooldown window.</param>
public sealed record RouteStatus(string ModelKey, bool IsCoolingDown, DateTimeOffset? CooldownUntil, TimeSpan? AverageLatency, int RecentFailures);
