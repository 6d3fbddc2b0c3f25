using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>The router's own operations beyond <see cref="IChatClient"/>: explain a route, report providers, compare models.</summary>
public interface ILlmRouter
{
    /// <summary>Plans a request without sending it.</summary>
    /// <param name="messages">The request's messages.</param>
    /// <param name="options">The request's options and routing hints.</param>
    /// <param name="cancellationToken">Cancels planning.</param>
    /// <returns>The plan, fallback chain included.</returns>
    ValueTask<RoutePlan> PlanAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Reports every registered provider: configured, healthy, routes cooling down.</summary>
    /// <param name="cancellationToken">Cancels the health checks.</param>
    /// <returns>One status per provider.</returns>
    ValueTask<IReadOnlyList<ProviderStatus>> GetProvidersAsync(CancellationToken cancellationToken = default);

    /// <summary>Sends the same request to several models at once.</summary>
    /// <param name="models">Model keys, ids or aliases.</param>
    /// <param name="messages">The request's messages.</param>
    /// <param name="options">The request's options.</param>
    /// <param name="cancellationToken">Cancels every call.</param>
    /// <returns>One comparison per model, in the order given.</returns>
    ValueTask<IReadOnlyList<ModelComparison>> CompareAsync(IEnumerable<string> models, IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default);
}
