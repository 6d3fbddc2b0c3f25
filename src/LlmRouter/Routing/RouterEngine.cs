using System.Collections.Concurrent;
using System.Collections.Frozen;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;

namespace LlmRouter;

/// <summary>The router: plans each request, runs it over its routes with retries and failover, meters every attempt.</summary>
internal sealed partial class RouterEngine : ILlmRouter
{
    private readonly LlmRouterOptions _options;
    private readonly FrozenDictionary<string, ILlmProvider> _providers;
    private readonly FrozenDictionary<string, IRoutingStrategy> _strategies;
    private readonly ConcurrentDictionary<string, Route> _routes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, RoutePlan> _directPlans = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string>? _allowedNames;
    private readonly ModelDescriptor[] _fallbacks;
    private readonly IUsageStore _usage;
    private readonly IBudgetLedger _budgets;
    private readonly bool _budgetsOn;
    private readonly RouteHealthRegistry _health;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _pipeline;
    private readonly ResiliencePipeline _streamPipeline;
    private readonly ILogger _logger;

    public RouterEngine(
        IOptions<LlmRouterOptions> options,
        ModelCatalog catalog,
        IEnumerable<ILlmProvider> providers,
        IEnumerable<IRoutingStrategy> strategies,
        IUsageStore usageStore,
        IBudgetLedger budgetLedger,
        RouteHealthRegistry health,
        TimeProvider? timeProvider = null,
        ILogger<RouterChatClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(strategies);
        _options = options.Value;
        _catalog = catalog;
        _usage = usageStore ?? throw new ArgumentNullException(nameof(usageStore));
        _budgets = budgetLedger ?? throw new ArgumentNullException(nameof(budgetLedger));
        _budgetsOn = _options.Budgets.HasLimits;
        _health = health ?? throw new ArgumentNullException(nameof(health));
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<RouterChatClient>.Instance;

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
        var strategyMap = new Dictionary<string, IRoutingStrategy>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in strategies)
        {
            strategyMap[s.Name] = s;
        }

        _strategies = strategyMap.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        if (!_strategies.ContainsKey(_options.Strategy))
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(LlmRouterOptions), [$"LlmRouter:Strategy '{_options.Strategy}' is not a registered routing strategy. Registered: {string.Join(", ", _strategies.Keys.Order(StringComparer.Ordinal))}."]);
        }

        if (_options.Models is { Count: > 0 } restrict)
        {
            // Keys of known models, plus the names as written, so that models discovered later can match them too.
            _allowedNames = new HashSet<string>(restrict.Select(m => catalog.TryResolve(m, out var known) ? known.Key : m.Trim()), StringComparer.OrdinalIgnoreCase);
        }

        _routable = ComputeRoutable(catalog);
        // Only local servers are asked (their models are free and change as the host pulls them); a hosted provider's
        // listing would cost a network call per refresh and bring in models without prices.
        _discoverers = _providers.Values.Where(p => p.IsLocal).OfType<IModelDiscovery>().ToArray();
        _fallbacks = _options.FallbackChain
            .Select(catalog.Resolve)
            .Where(IsServable)
            .DistinctBy(m => m.Key, StringComparer.OrdinalIgnoreCase)
            .ToArray();

        _pipeline = RetryPipelineFactory.Create(_options.Retry, _options.AttemptTimeout, _time, withTimeout: true);
        _streamPipeline = RetryPipelineFactory.Create(_options.Retry, _options.AttemptTimeout, _time, withTimeout: false);
    }

    /// <summary>Gets the catalog the router routes over: the configured one plus models discovered from providers at run time.</summary>
    public ModelCatalog Catalog => _catalog;

    public LlmRouterOptions Options => _options;

    public IReadOnlyCollection<ILlmProvider> Providers => _providers.Values;

    public RouteHealthRegistry Health => _health;

    /// <inheritdoc/>
    public async ValueTask<RoutePlan> PlanAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = ValidateMessages(messages);
        return await PlanCoreAsync(list, options, options.GetRoutingHints(), TokenEstimator.Estimate(list, options), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<ProviderStatus>> GetProvidersAsync(CancellationToken cancellationToken = default)
    {
        var providers = _providers.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();
        var tasks = new Task<ProviderStatus>[providers.Length];
        for (var i = 0; i < providers.Length; i++)
        {
            tasks[i] = GetStatusAsync(providers[i], cancellationToken);
        }

        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<ModelComparison>> CompareAsync(IEnumerable<string> models, IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(models);
        var list = ValidateMessages(messages);
        var resolved = models.Select(ResolveModel).ToArray();
        if (resolved.Length == 0)
        {
            throw new ArgumentException("Name at least one model to compare.", nameof(models));
        }

        var routes = resolved.Select(GetRouteOrThrow).ToArray();
        var tasks = new Task<ModelComparison>[routes.Length];
        for (var i = 0; i < routes.Length; i++)
        {
            tasks[i] = CompareOneAsync(routes[i], list, options, cancellationToken);
        }

        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>Resolves a model name through the catalog (which includes configured aliases).</summary>
    public ModelDescriptor ResolveModel(string keyIdOrAlias)
    {
        if (string.IsNullOrWhiteSpace(keyIdOrAlias))
        {
            throw new LlmException(LlmErrorKind.ModelNotFound, "A model name must not be empty.");
        }

        return Catalog.Resolve(keyIdOrAlias);
    }

    /// <summary>Gets the route of a model whose provider is registered and configured, or throws a clear error.</summary>
    public Route GetRouteOrThrow(ModelDescriptor model)
    {
        if (_routes.TryGetValue(model.Key, out var route) && route.Provider.IsConfigured)
        {
            return route;
        }

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
            throw new LlmException(LlmErrorKind.Authentication, $"Model '{model.Key}' cannot be used: provider '{provider.Name}' is not configured ({provider.NotConfiguredReason ?? "no reason given"}).")
            {
                Provider = provider.Name,
                Model = model.Id,
            };
        }

        return _routes.GetOrAdd(model.Key, static (_, s) => new Route(s.model, s.provider), (model, provider));
    }

    internal static IReadOnlyList<ChatMessage> ValidateMessages(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("A chat request needs at least one message.", nameof(messages));
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
            {
                throw new ArgumentException($"Message {i} is null.", nameof(messages));
            }
        }

        return list;
    }

    private ModelDescriptor[] ComputeRoutable(ModelCatalog catalog) => catalog.Models
        .Where(m => !m.Supports(ModelCapabilities.Embeddings) && IsServable(m) &&
                    (_allowedNames is null || _allowedNames.Contains(m.Key) || _allowedNames.Contains(m.Id)))
        .ToArray();

    private bool IsServable(ModelDescriptor model) =>
        _providers.TryGetValue(model.Provider, out var p) && p.IsConfigured;

    private async Task<ProviderStatus> GetStatusAsync(ILlmProvider provider, CancellationToken cancellationToken)
    {
        var routes = _health.Snapshot(provider.Name);
        if (!provider.IsConfigured)
        {
            return new ProviderStatus(provider.Name, false, false, provider.NotConfiguredReason ?? "not configured") { IsLocal = provider.IsLocal, Routes = routes };
        }

        var start = _time.GetTimestamp();
        try
        {
            var health = await provider.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
            return new ProviderStatus(provider.Name, true, health.IsHealthy, health.Detail)
            {
                IsLocal = provider.IsLocal,
                Latency = health.Latency ?? _time.GetElapsedTime(start),
                Routes = routes,
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new ProviderStatus(provider.Name, true, false, $"health check failed: {ex.Message}")
            {
                IsLocal = provider.IsLocal,
                Latency = _time.GetElapsedTime(start),
                Routes = routes,
            };
        }
    }

    private async Task<ModelComparison> CompareOneAsync(Route route, IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        var plan = new RoutePlan([route.Model], "compare", $"compare: {route.Key}");
        try
        {
            var response = await GetResponseAsync(messages, options, plan, cancellationToken).ConfigureAwait(false);
            return new ModelComparison(route.Key, response, null, _time.GetElapsedTime(start), response.GetRouteInfo()?.Cost ?? 0m);
        }
        catch (LlmException ex)
        {
            return new ModelComparison(route.Key, null, ex, _time.GetElapsedTime(start), 0m);
        }
    }
}
