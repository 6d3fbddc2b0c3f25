using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace LlmRouter;

/// <summary>
/// The registered providers, the routes to the models they serve, and the catalog model names resolve in (the configured
/// catalog plus models discovered at run time). Thread-safe.
/// </summary>
internal sealed class RouteTable
{
    private readonly FrozenDictionary<string, ILlmProvider> _providers;
    private readonly ConcurrentDictionary<string, Route> _routes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<ModelDescriptor, Route> _routesByInstance = new(ReferenceEqualityComparer.Instance);
    private volatile Route? _lastRoute;
    private readonly HashSet<string>? _allowedNames;
    private readonly RouteHealthRegistry _health;
    private volatile ModelCatalog _catalog;
    private volatile ModelDescriptor[] _routable;

    /// <param name="catalog">The configured catalog.</param>
    /// <param name="providers">The registered providers; names must be unique.</param>
    /// <param name="restrictTo">The models routing is restricted to (<see cref="LlmRouterOptions.Models"/>), or <see langword="null"/>.</param>
    /// <param name="health">Every route's health; a route holds its own entry.</param>
    public RouteTable(ModelCatalog catalog, IEnumerable<ILlmProvider> providers, IList<string>? restrictTo, RouteHealthRegistry health)
    {
        _health = health;
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(providers);
        var byName = new Dictionary<string, ILlmProvider>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in providers)
        {
            if (byName.TryGetValue(p.Name, out var existing) && !ReferenceEquals(existing, p))
            {
                throw new InvalidOperationException($"Two LLM providers are registered under the name '{p.Name}'. Provider names must be unique.");
            }

            byName[p.Name] = p;
        }

        _providers = byName.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        if (restrictTo is { Count: > 0 })
        {
            // Keys of known models, plus the names as written, so that models discovered later can match them too.
            _allowedNames = new HashSet<string>(restrictTo.Select(m => catalog.TryResolve(m, out var known) ? known.Key : m.Trim()), StringComparer.OrdinalIgnoreCase);
        }

        _catalog = catalog;
        _routable = ComputeRoutable(catalog);
    }

    /// <summary>Gets the catalog names resolve in: the configured one plus models discovered at run time.</summary>
    public ModelCatalog Catalog => _catalog;

    /// <summary>Gets the chat models of configured providers that routing may choose (within <see cref="LlmRouterOptions.Models"/>).</summary>
    public ModelDescriptor[] Routable => _routable;

    /// <summary>Gets the registered providers.</summary>
    public IReadOnlyCollection<ILlmProvider> Providers => _providers.Values;

    /// <summary>Gets the names of the registered providers.</summary>
    public IEnumerable<string> ProviderNames => _providers.Keys;

    /// <summary>Resolves a model key, id or alias through the catalog (configured aliases included).</summary>
    /// <exception cref="LlmException"><see cref="LlmErrorKind.ModelNotFound"/>, with close matches in the message.</exception>
    public ModelDescriptor Resolve(string keyIdOrAlias)
    {
        if (string.IsNullOrWhiteSpace(keyIdOrAlias))
        {
            throw new LlmException(LlmErrorKind.ModelNotFound, "A model name must not be empty.");
        }

        return _catalog.Resolve(keyIdOrAlias);
    }

    /// <summary>Gets the route of a model whose provider is registered, configured and serves it; otherwise throws a clear error.</summary>
    /// <exception cref="LlmException"><see cref="LlmErrorKind.ModelNotFound"/> or <see cref="LlmErrorKind.Authentication"/> (provider not configured).</exception>
    public Route GetRoute(ModelDescriptor model)
    {
        // Plans hold the catalog's own instances, so most lookups are by reference: the route last used, then any route by
        // instance, and only then by the key's case-insensitive hash.
        if (_lastRoute is { } last && ReferenceEquals(last.Model, model) && last.Provider.IsConfigured)
        {
            return last;
        }

        if (_routesByInstance.TryGetValue(model, out var route) && route.Provider.IsConfigured)
        {
            _lastRoute = route;
            return route;
        }

        if (_routes.TryGetValue(model.Key, out route) && route.Provider.IsConfigured)
        {
            return Remember(model, route);
        }

        var provider = GetProvider(model);
        if (!provider.Supports(model))
        {
            throw new LlmException(LlmErrorKind.ModelNotFound, $"Model '{model.Key}' is not served by provider '{provider.Name}' (its package does not support this model family).")
            {
                Provider = provider.Name,
                Model = model.Id,
            };
        }

        return Remember(model, _routes.GetOrAdd(model.Key, static (key, s) => new Route(s.model, s.provider, s.health.Get(key)), (model, provider, health: _health)));
    }

    /// <summary>Gets the provider of a model, or throws when it is not registered or not configured.</summary>
    /// <exception cref="LlmException"><see cref="LlmErrorKind.ModelNotFound"/> (not registered) or <see cref="LlmErrorKind.Authentication"/> (not configured).</exception>
    public ILlmProvider GetProvider(ModelDescriptor model)
    {
        if (!_providers.TryGetValue(model.Provider, out var provider))
        {
            var registered = _providers.Count == 0 ? "none" : string.Join(", ", _providers.Keys.Order(StringComparer.Ordinal));
            throw new LlmException(LlmErrorKind.ModelNotFound, $"Model '{model.Key}' is served by provider '{model.Provider}', which is not registered (registered: {registered}). Register it with the provider package's AddX() on AddLlmRouter().")
            {
                Provider = model.Provider,
                Model = model.Id,
            };
        }

        if (!provider.IsConfigured)
        {
            throw new LlmException(LlmErrorKind.Authentication, $"Model '{model.Key}' cannot be used: provider '{provider.Name}' is not configured ({SecretRedactor.MaskKeys(provider.NotConfiguredReason ?? "no reason given")}).")
            {
                Provider = provider.Name,
                Model = model.Id,
            };
        }

        return provider;
    }

    /// <summary>Tells whether a registered, configured provider serves the model.</summary>
    public bool IsServable(ModelDescriptor model) =>
        _providers.TryGetValue(model.Provider, out var p) && p.IsConfigured && p.Supports(model);

    /// <summary>Adds models found at run time (they are not in the catalog yet); returns how many were added.</summary>
    public int AddDiscovered(IEnumerable<ModelDescriptor> found)
    {
        var current = _catalog;
        var added = found.Where(m => m is not null && !current.TryResolve(m.Key, out _)).DistinctBy(m => m.Key, StringComparer.OrdinalIgnoreCase).ToArray();
        if (added.Length > 0)
        {
            var catalog = current.WithModels(added);
            _routable = ComputeRoutable(catalog);
            _catalog = catalog;
        }

        return added.Length;
    }

    /// <summary>Names every registered provider and, for unconfigured ones, why; for error messages.</summary>
    public string DescribeProviders() => string.Join(", ", _providers.Values
        .OrderBy(p => p.Name, StringComparer.Ordinal)
        .Select(p => p.IsConfigured ? p.Name : $"{p.Name} (not configured: {SecretRedactor.MaskKeys(p.NotConfiguredReason ?? "no reason given")})"));

    private Route Remember(ModelDescriptor model, Route route)
    {
        if (ReferenceEquals(route.Model, model))
        {
            _routesByInstance.TryAdd(model, route);
        }

        return route;
    }

    private ModelDescriptor[] ComputeRoutable(ModelCatalog catalog) => catalog.Models
        .Where(m => !m.Supports(ModelCapabilities.Embeddings) && IsServable(m) &&
                    (_allowedNames is null || _allowedNames.Contains(m.Key) || _allowedNames.Contains(m.Id)))
        .ToArray();
}
