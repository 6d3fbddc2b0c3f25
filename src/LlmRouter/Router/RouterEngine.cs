using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LlmRouter;

/// <summary>
/// The router behind <see cref="RouterChatClient"/> and <see cref="ILlmRouter"/>. It composes the rooms that do the work:
/// the <see cref="RouteTable"/> (providers, routes, model names), the <see cref="RoutePlanner"/> (which models, in which
/// order), the <see cref="RouteRunner"/> with its <see cref="FailoverLoop"/> (attempts, retries, timeouts, failover) and
/// the <see cref="AttemptMeter"/> (usage, cost, budgets, health, metrics); a <see cref="TokenEstimator"/> sizes requests and, with
/// <see cref="LlmRouterOptions.ContextTrimming"/> on, a <see cref="ContextTrimmer"/> fits conversations into windows.
/// </summary>
internal sealed class RouterEngine : ILlmRouter
{
    private readonly RouteTable _table;
    private readonly RoutePlanner _planner;
    private readonly RouteRunner _runner;
    private readonly RouteHealthRegistry _health;
    private readonly TimeProvider _time;

    public RouterEngine(
        IOptions<LlmRouterOptions> options,
        ModelCatalog catalog,
        IEnumerable<ILlmProvider> providers,
        IEnumerable<IRoutingStrategy> strategies,
        IUsageStore usageStore,
        IBudgetLedger budgetLedger,
        RouteHealthRegistry health,
        TimeProvider? timeProvider = null,
        ILogger<RouterChatClient>? logger = null,
        ITokenCounter? tokenCounter = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(strategies);
        ArgumentNullException.ThrowIfNull(usageStore);
        ArgumentNullException.ThrowIfNull(budgetLedger);
        ArgumentNullException.ThrowIfNull(health);
        var o = options.Value;
        ILogger log = logger ?? NullLogger<RouterChatClient>.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _health = health;
        _table = new RouteTable(catalog, providers, o.Models, health);
        var lifecycle = new ModelLifecycle(_time, log);
        var estimator = tokenCounter is null or HeuristicTokenCounter ? TokenEstimator.Default : new TokenEstimator(tokenCounter);
        var trimmer = o.ContextTrimming.Enabled ? new ContextTrimmer(estimator, o.ContextTrimming, log) : null;
        _planner = new RoutePlanner(_table, new ModelDiscoveryRefresher(_table, _time, log), new CandidateFilter(_table, health, lifecycle), strategies, o, lifecycle, estimator, trimmer);
        var meter = new AttemptMeter(o, usageStore, budgetLedger, health, new AttemptDeadline(o.AttemptTimeout, _time), _time, log);
        _runner = new RouteRunner(_planner, new FailoverLoop(_table, health, meter, o.Retry, _time, log, trimmer), meter, new UsageEstimator(estimator), o.AttemptTimeout, o.ContinueOnStreamFailure, _time, log);
    }

    /// <summary>Gets the providers and the routes to the models they serve.</summary>
    public RouteTable Table => _table;

    /// <summary>Gets the catalog the router routes over: the configured one plus models discovered from providers at run time.</summary>
    public ModelCatalog Catalog => _table.Catalog;

    /// <summary>Resolves a model key, id or alias through the catalog.</summary>
    public ModelDescriptor ResolveModel(string keyIdOrAlias) => _table.Resolve(keyIdOrAlias);

    /// <inheritdoc cref="RouteRunner.GetResponseAsync"/>
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, RoutePlan? plan, CancellationToken cancellationToken) =>
        _runner.GetResponseAsync(messages, options, plan, cancellationToken);

    /// <inheritdoc cref="RouteRunner.GetStreamingResponseAsync"/>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken) =>
        _runner.GetStreamingResponseAsync(messages, options, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask<RoutePlan> PlanAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = await _planner.PrepareAsync(messages, options, null, cancellationToken).ConfigureAwait(false);
        return request.Plan;
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<ProviderStatus>> GetProvidersAsync(CancellationToken cancellationToken = default)
    {
        var providers = _table.Providers.OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();
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
        var list = RoutedRequest.ValidateMessages(messages);
        var resolved = models.Select(_table.Resolve).ToArray();
        if (resolved.Length == 0)
        {
            throw new ArgumentException("Name at least one model to compare.", nameof(models));
        }

        var routes = resolved.Select(_table.GetRoute).ToArray();
        var tasks = new Task<ModelComparison>[routes.Length];
        for (var i = 0; i < routes.Length; i++)
        {
            tasks[i] = CompareOneAsync(routes[i], list, options, cancellationToken);
        }

        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private async Task<ProviderStatus> GetStatusAsync(ILlmProvider provider, CancellationToken cancellationToken)
    {
        var routes = _health.Snapshot(provider.Name);
        if (!provider.IsConfigured)
        {
            return new ProviderStatus(provider.Name, false, false, SecretRedactor.MaskKeys(provider.NotConfiguredReason ?? "not configured")) { IsLocal = provider.IsLocal, Routes = routes };
        }

        var start = _time.GetTimestamp();
        try
        {
            var health = await provider.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
            return new ProviderStatus(provider.Name, true, health.IsHealthy, health.Detail is null ? null : SecretRedactor.MaskKeys(health.Detail))
            {
                IsLocal = provider.IsLocal,
                Latency = health.Latency ?? _time.GetElapsedTime(start),
                Routes = routes,
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new ProviderStatus(provider.Name, true, false, SecretRedactor.MaskKeys($"health check failed: {ex.Message}"))
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
            var response = await _runner.GetResponseAsync(messages, options, plan, cancellationToken).ConfigureAwait(false);
            return new ModelComparison(route.Key, response, null, _time.GetElapsedTime(start), response.GetRouteInfo()?.Cost ?? 0m);
        }
        catch (LlmException ex)
        {
            return new ModelComparison(route.Key, null, ex, _time.GetElapsedTime(start), 0m);
        }
    }
}
