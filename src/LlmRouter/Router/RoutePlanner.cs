using System.Collections.Concurrent;
using System.Collections.Frozen;
using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>
/// Plans a request: the model <see cref="ChatOptions.ModelId"/> names (direct selection), or the strategy's choice among
/// the candidates; then the fallback chain. Plans hold only models a configured provider serves.
/// </summary>
/// <remarks>
/// A deprecated model (past its <see cref="ModelDescriptor.DeprecationDate"/>) is never a candidate, but it is planned when
/// named: by <see cref="ChatOptions.ModelId"/> or in <see cref="LlmRouterOptions.FallbackChain"/>, with a warning logged once per model.
/// </remarks>
internal sealed class RoutePlanner
{
    private const string DirectSelection = "ChatOptions.ModelId";
    private const string FallbackChainOption = "LlmRouterOptions.FallbackChain";

    private readonly RouteTable _table;
    private readonly ModelDiscoveryRefresher _discovery;
    private readonly CandidateFilter _candidates;
    private readonly FrozenDictionary<string, IRoutingStrategy> _strategies;
    private readonly string _defaultStrategy;
    private readonly bool _localFirst;
    private readonly bool _boundForBudgets;
    private readonly ModelDescriptor[] _fallbacks;
    private readonly ModelDescriptor[] _datedFallbacks;
    private readonly ModelLifecycle _lifecycle;
    private readonly ConcurrentDictionary<string, RoutePlan> _directPlans = new(StringComparer.OrdinalIgnoreCase);
    private volatile DirectPlan? _lastDirect;

    public RoutePlanner(RouteTable table, ModelDiscoveryRefresher discovery, CandidateFilter candidates, IEnumerable<IRoutingStrategy> strategies, LlmRouterOptions options, ModelLifecycle lifecycle)
    {
        _table = table;
        _lifecycle = lifecycle;
        _discovery = discovery;
        _candidates = candidates;
        var byName = new Dictionary<string, IRoutingStrategy>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in strategies)
        {
            byName[s.Name] = s;
        }

        _strategies = byName.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _defaultStrategy = options.Strategy;
        _localFirst = options.LocalFirst;
        _boundForBudgets = options.Budgets.HasLimits;
        _fallbacks = options.FallbackChain
            .Select(table.Resolve)
            .Where(table.IsServable)
            .DistinctBy(m => m.Key, StringComparer.OrdinalIgnoreCase)
            .ToArray();

        // Fallbacks named explicitly are kept even once deprecated (the operator chose them); only those with a date are checked.
        _datedFallbacks = _fallbacks.Where(m => m.DeprecationDate is not null).ToArray();
        if (!_strategies.ContainsKey(_defaultStrategy))
        {
            // The options validator reports this at start-up; this guards a router built by hand.
            throw new InvalidOperationException(LlmRouterOptionsValidator.UnknownStrategyMessage(_defaultStrategy, _strategies.Keys));
        }
    }

    /// <summary>Turns a call into a request: validates the messages, reads the hints, estimates the prompt and plans it (unless a plan is given), before any network call.</summary>
    /// <remarks>Completes synchronously when the plan does (a model asked for by name before, or a synchronous strategy).</remarks>
    public ValueTask<RoutedRequest> PrepareAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, RoutePlan? plan, CancellationToken cancellationToken)
    {
        var list = RoutedRequest.ValidateMessages(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var hints = options.GetRoutingHints();

        // The estimate is read by candidate filtering, strategies and every route's context-window check; the bound only by
        // budgets (a call's reservation), so it is counted only when a budget is set.
        var estimate = TokenEstimator.Estimate(list, options);
        var bound = _boundForBudgets ? TokenBound.InputTokens(list, options) : 0;
        if (plan is not null)
        {
            return new(new RoutedRequest(list, options, hints, estimate, bound, plan, cancellationToken));
        }

        var planning = PlanAsync(list, options, hints, estimate, cancellationToken);
        return planning.IsCompletedSuccessfully
            ? new(new RoutedRequest(list, options, hints, estimate, bound, planning.Result, cancellationToken))
            : PreparedAsync(planning, list, options, hints, estimate, bound, cancellationToken);
    }

    /// <summary>
    /// Turns a stream that broke after output reached the caller into a request that continues it on the plan's later routes: the
    /// caller's messages, then the text sent so far as the assistant's, then <see cref="LlmRouterDefaults.ContinuationInstruction"/>.
    /// The caller's list is never changed.
    /// </summary>
    /// <param name="request">The request whose stream broke.</param>
    /// <param name="partialText">Every piece of text the caller has received.</param>
    /// <param name="planIndex">The index in the plan of the route that broke; only later routes are tried.</param>
    /// <returns>The continuation, or <see langword="null"/> when no later route is planned.</returns>
    public RoutedRequest? Continue(in RoutedRequest request, string partialText, int planIndex)
    {
        var models = request.Plan.Models;
        if (planIndex + 1 >= models.Count)
        {
            return null;
        }

        var later = new ModelDescriptor[models.Count - planIndex - 1];
        for (var i = 0; i < later.Length; i++)
        {
            later[i] = models[planIndex + 1 + i];
        }

        var said = new ChatMessage(ChatRole.Assistant, partialText);
        var ask = new ChatMessage(ChatRole.User, LlmRouterDefaults.ContinuationInstruction);
        var messages = new List<ChatMessage>(request.Messages.Count + 2);
        messages.AddRange(request.Messages);
        messages.Add(said);
        messages.Add(ask);
        var estimate = TokenEstimator.Estimate(messages, request.Options);
        var bound = _boundForBudgets ? TokenBound.WithMessage(TokenBound.WithMessage(request.InputTokenBound, said), ask) : 0;
        var plan = request.Plan with { Models = later, Reason = $"{request.Plan.Reason}; continuing a stream that broke on {models[planIndex].Key}" };
        return new RoutedRequest(messages, request.Options, request.Hints, estimate, bound, plan, request.CancellationToken);
    }

    /// <summary>Plans a request. Completes synchronously (no allocation beyond the plan) unless models must be discovered or the strategy awaits.</summary>
    public ValueTask<RoutePlan> PlanAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, RoutingHints hints, int estimatedInputTokens, CancellationToken cancellationToken)
    {
        var refresh = _discovery.RefreshIfDueAsync(force: false, cancellationToken);
        if (refresh.IsCompletedSuccessfully)
        {
            if (options?.ModelId is not { Length: > 0 } modelId)
            {
                return PlanByStrategy(messages, options, hints, estimatedInputTokens, cancellationToken);
            }

            if (TryGetDirectPlan(modelId, out var direct))
            {
                return new(direct);
            }
        }

        return PlanSlowAsync(refresh, messages, options, hints, estimatedInputTokens, cancellationToken);
    }

    /// <summary>Lets the strategy choose among the candidates; synchronous when the strategy is.</summary>
    private ValueTask<RoutePlan> PlanByStrategy(IReadOnlyList<ChatMessage> messages, ChatOptions? options, RoutingHints hints, int estimatedInputTokens, CancellationToken cancellationToken)
    {
        var candidates = _candidates.Filter(messages, options, hints, estimatedInputTokens);
        var strategyName = hints.Strategy ?? _defaultStrategy;
        if (!_strategies.TryGetValue(strategyName, out var strategy))
        {
            throw new LlmException(LlmErrorKind.InvalidRequest, $"Unknown routing strategy '{strategyName}'. Registered strategies: {string.Join(", ", _strategies.Keys.Order(StringComparer.Ordinal))}.");
        }

        var request = new RoutingRequest(messages, options, candidates, estimatedInputTokens, hints) { LocalFirst = _localFirst };
        var planning = strategy.PlanAsync(request, cancellationToken);
        return planning.IsCompletedSuccessfully ? new(Checked(strategy, planning.Result)) : CheckedAsync(strategy, planning);
    }

    private async ValueTask<RoutePlan> CheckedAsync(IRoutingStrategy strategy, ValueTask<RoutePlan> planning) =>
        Checked(strategy, await planning.ConfigureAwait(false));

    /// <summary>Rejects an empty plan, then appends the fallback chain.</summary>
    private RoutePlan Checked(IRoutingStrategy strategy, RoutePlan? plan)
    {
        if (plan is null || plan.Models.Count == 0)
        {
            throw new LlmException(LlmErrorKind.InvalidRequest, $"Routing strategy '{strategy.Name}' chose no model for this request{(plan is null ? "." : ": " + plan.Reason)}");
        }

        return WithFallbacks(plan);
    }

    private static async ValueTask<RoutedRequest> PreparedAsync(ValueTask<RoutePlan> planning, IReadOnlyList<ChatMessage> messages, ChatOptions? options, RoutingHints hints, int estimate, long bound, CancellationToken cancellationToken) =>
        new(messages, options, hints, estimate, bound, await planning.ConfigureAwait(false), cancellationToken);

    private async ValueTask<RoutePlan> PlanSlowAsync(ValueTask refresh, IReadOnlyList<ChatMessage> messages, ChatOptions? options, RoutingHints hints, int estimatedInputTokens, CancellationToken cancellationToken)
    {
        await refresh.ConfigureAwait(false);
        if (options?.ModelId is { Length: > 0 } modelId)
        {
            if (TryGetDirectPlan(modelId, out var cached))
            {
                return cached;
            }

            if (_discovery.Enabled && !_table.Catalog.TryResolve(modelId, out _))
            {
                await _discovery.RefreshIfDueAsync(force: true, cancellationToken).ConfigureAwait(false);
            }

            return GetDirectPlan(modelId);
        }

        return await PlanByStrategy(messages, options, hints, estimatedInputTokens, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finds the plan of a model asked for by name before: by reference first (callers reuse their strings), then by name ignoring case.</summary>
    private bool TryGetDirectPlan(string modelId, out RoutePlan plan)
    {
        if (_lastDirect is { } last && ReferenceEquals(last.ModelId, modelId))
        {
            plan = last.Plan;
        }
        else if (_directPlans.TryGetValue(modelId, out plan!))
        {
            _lastDirect = new DirectPlan(modelId, plan);
        }
        else
        {
            return false;
        }

        // Checked on every use, not when the plan was cached: a model can pass its deprecation date while the router runs.
        _lifecycle.WarnIfDeprecated(plan.Models[0], DirectSelection);
        WarnIfFallbacksDeprecated();
        return true;
    }

    private RoutePlan GetDirectPlan(string modelId)
    {
        // A provider that is missing or unconfigured fails the request here; a model its provider does not serve stays in the
        // plan because the caller named it: the failover loop records the refusal (no call) and moves on to the fallbacks.
        var model = _table.Resolve(modelId);
        _ = _table.GetProvider(model);
        _lifecycle.WarnIfDeprecated(model, DirectSelection);
        var plan = WithFallbacks(new RoutePlan([model], LlmRouterDefaults.DirectStrategy, $"ChatOptions.ModelId = '{modelId}'"));
        return _directPlans.GetOrAdd(modelId, plan);
    }

    private RoutePlan WithFallbacks(RoutePlan plan)
    {
        WarnIfFallbacksDeprecated();
        if (_fallbacks.Length == 0)
        {
            return plan;
        }

        // A plan's models and the chain's are the catalog's own instances, so a reference check finds a fallback already
        // in the plan: m × n pointer comparisons and one array, instead of a set per request. The chain itself is distinct.
        var planModels = plan.Models;
        var models = new ModelDescriptor[planModels.Count + _fallbacks.Length];
        for (var i = 0; i < planModels.Count; i++)
        {
            models[i] = planModels[i];
        }

        var count = planModels.Count;
        foreach (var fallback in _fallbacks)
        {
            if (!ContainsModel(planModels, fallback))
            {
                models[count++] = fallback;
            }
        }

        Array.Resize(ref models, count);
        return plan with { Models = models };
    }

    private void WarnIfFallbacksDeprecated()
    {
        foreach (var fallback in _datedFallbacks)
        {
            _lifecycle.WarnIfDeprecated(fallback, FallbackChainOption);
        }
    }

    private static bool ContainsModel(IReadOnlyList<ModelDescriptor> models, ModelDescriptor model)
    {
        for (var i = 0; i < models.Count; i++)
        {
            if (ReferenceEquals(models[i], model) || string.Equals(models[i].Key, model.Key, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The direct plan last looked up, and the string it was asked for by.</summary>
    private sealed record DirectPlan(string ModelId, RoutePlan Plan);
}
