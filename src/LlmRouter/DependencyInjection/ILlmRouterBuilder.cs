using LlmRouter;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds providers, strategies and stores to the router registered by <c>AddLlmRouter()</c>.</summary>
public interface ILlmRouterBuilder
{
    /// <summary>Gets the service collection the router is registered in.</summary>
    IServiceCollection Services { get; }

    /// <summary>Registers a provider instance.</summary>
    /// <param name="provider">The provider; its <see cref="ILlmProvider.Name"/> must be unique.</param>
    /// <returns>This builder.</returns>
    ILlmRouterBuilder AddProvider(ILlmProvider provider);

    /// <summary>Registers a provider type, created by the container as a singleton.</summary>
    /// <typeparam name="TProvider">The provider type.</typeparam>
    /// <returns>This builder.</returns>
    ILlmRouterBuilder AddProvider<TProvider>()
        where TProvider : class, ILlmProvider;

    /// <summary>Registers a routing strategy, chosen by its <see cref="IRoutingStrategy.Name"/>.</summary>
    /// <typeparam name="TStrategy">The strategy type, created by the container as a singleton.</typeparam>
    /// <returns>This builder.</returns>
    ILlmRouterBuilder AddStrategy<TStrategy>()
        where TStrategy : class, IRoutingStrategy;

    /// <summary>Replaces the in-memory usage store.</summary>
    /// <typeparam name="TStore">The store type, created by the container as a singleton.</typeparam>
    /// <returns>This builder.</returns>
    ILlmRouterBuilder UseUsageStore<TStore>()
        where TStore : class, IUsageStore;
}
