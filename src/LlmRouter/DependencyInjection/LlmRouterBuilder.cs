using LlmRouter;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The default <see cref="ILlmRouterBuilder"/>.</summary>
internal sealed class LlmRouterBuilder : ILlmRouterBuilder
{
    public LlmRouterBuilder(IServiceCollection services) => Services = services;

    public IServiceCollection Services { get; }

    public ILlmRouterBuilder AddProvider(ILlmProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (string.IsNullOrWhiteSpace(provider.Name))
        {
            throw new ArgumentException("A provider needs a non-empty Name.", nameof(provider));
        }

        foreach (var d in Services)
        {
            if (d.ServiceType == typeof(ILlmProvider) && !d.IsKeyedService && ReferenceEquals(d.ImplementationInstance, provider))
            {
                return this;
            }
        }

        Services.AddSingleton(provider);
        return this;
    }

    public ILlmRouterBuilder AddProvider<TProvider>()
        where TProvider : class, ILlmProvider
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILlmProvider, TProvider>());
        return this;
    }

    public ILlmRouterBuilder AddStrategy<TStrategy>()
        where TStrategy : class, IRoutingStrategy
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutingStrategy, TStrategy>());
        return this;
    }

    public ILlmRouterBuilder UseUsageStore<TStore>()
        where TStore : class, IUsageStore
    {
        Services.RemoveAll<IUsageStore>();
        Services.AddSingleton<IUsageStore, TStore>();
        return this;
    }
}
