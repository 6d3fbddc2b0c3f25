namespace LlmRouter;

/// <summary>Decides which models, in which order, serve a request.</summary>
/// <remarks>Register custom strategies with <c>ILlmRouterBuilder.AddStrategy&lt;T&gt;()</c> and choose them by <see cref="Name"/>.</remarks>
public interface IRoutingStrategy
{
    /// <summary>Gets the name the strategy is chosen by (<c>complexity</c>, <c>cost</c>, …); compared ignoring case.</summary>
    string Name { get; }

    /// <summary>Orders the request's candidates into a plan.</summary>
    /// <param name="request">The request and its already-filtered candidates.</param>
    /// <param name="cancellationToken">Cancels planning.</param>
    /// <returns>The plan: models to try in order, the strategy's name and why.</returns>
    ValueTask<RoutePlan> PlanAsync(RoutingRequest request, CancellationToken cancellationToken);
}
