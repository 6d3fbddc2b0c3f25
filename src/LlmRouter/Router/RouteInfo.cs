namespace LlmRouter;

/// <summary>How a response was routed: read it with <c>response.GetRouteInfo()</c>.</summary>
/// <param name="Provider">The provider that answered.</param>
/// <param name="Model">The model id that answered.</param>
/// <param name="Strategy">The strategy that planned the route (<c>direct</c> for <see cref="Microsoft.Extensions.AI.ChatOptions.ModelId"/>).</param>
/// <param name="Reason">Why this route.</param>
/// <param name="Cost">What the successful attempt cost in USD.</param>
/// <param name="Attempts">Every attempt, failed ones first, the successful one last.</param>
public sealed record RouteInfo(string Provider, string Model, string Strategy, string Reason, decimal Cost, IReadOnlyList<RouteAttempt> Attempts)
{
    /// <summary>Gets what every attempt of the request cost together in USD (failed attempts that used tokens included).</summary>
    public decimal TotalCost { get; init; }

    /// <summary>
    /// Gets how many of the caller's messages were dropped, oldest first, to fit the conversation into a context window
    /// (<see cref="LlmRouterOptions.ContextTrimming"/>); 0 when the conversation was sent whole.
    /// </summary>
    public int TrimmedMessages { get; init; }
}
