namespace LlmRouter;

/// <summary>What the router has observed of each route (model): latency and cooldown. Strategies may take it from DI.</summary>
public interface IRouteStatistics
{
    /// <summary>Gets the average latency of the route's recent successful calls.</summary>
    /// <param name="modelKey">The model key, <c>provider/id</c>.</param>
    /// <returns>The average, or <see langword="null"/> when the route has not been used.</returns>
    TimeSpan? GetAverageLatency(string modelKey);

    /// <summary>Gets a value indicating whether the route is cooling down and being skipped.</summary>
    /// <param name="modelKey">The model key, <c>provider/id</c>.</param>
    /// <returns><see langword="true"/> while cooling down.</returns>
    bool IsCoolingDown(string modelKey);
}
