using LlmRouter.Cli.Configuration;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.Cli.Hosting;

/// <summary>A router built for one command: its container and its store. Disposing it writes what the store still holds.</summary>
internal sealed class RouterSession : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    /// <summary>Initializes a new instance of the <see cref="RouterSession"/> class.</summary>
    /// <param name="services">The container; the session owns it.</param>
    /// <param name="storage">The store.</param>
    /// <param name="plansOverWholeCatalog">Whether no provider was configured and planning stand-ins took their place.</param>
    public RouterSession(ServiceProvider services, StorageSettings storage, bool plansOverWholeCatalog)
    {
        _services = services;
        Storage = storage;
        PlansOverWholeCatalog = plansOverWholeCatalog;
    }

    /// <summary>Gets the store.</summary>
    public StorageSettings Storage { get; }

    /// <summary>Gets a value indicating whether no provider was configured and the router plans over the whole catalog instead.</summary>
    public bool PlansOverWholeCatalog { get; }

    /// <summary>Gets the router's own operations.</summary>
    public ILlmRouter Router => _services.GetRequiredService<ILlmRouter>();

    /// <summary>Gets the router as a chat client.</summary>
    public IChatClient Chat => _services.GetRequiredService<IChatClient>();

    /// <summary>Gets the catalog the router routes over.</summary>
    public ModelCatalog Catalog => _services.GetRequiredService<ModelCatalog>();

    /// <summary>Gets the usage tracker (of the store).</summary>
    public IUsageTracker Usage => _services.GetRequiredService<IUsageTracker>();

    /// <summary>Gets the names of the registered strategies, sorted.</summary>
    public IReadOnlyList<string> Strategies =>
        [.. _services.GetServices<IRoutingStrategy>().Select(s => s.Name).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
