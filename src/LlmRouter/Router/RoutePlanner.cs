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

    /// <summary>The plan of a request that is still being planned.</summary>
    private static readonly RoutePlan Unplanned = new([], string.Empty, "not planned yet");

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
    private readonly TokenEstimator _estimator;
    private readonly ContextTrimmer? _trimmer;
    private readonly ConcurrentDictionary<string, RoutePlan> _directPlans = new(StringComparer.OrdinalIgnoreCase);
    private volatile DirectPlan? _lastDirect;

    public RoutePlanner(RouteTable table, ModelDiscoveryRefresher discovery, CandidateFilter candidates, IEnumerable<IRoutingStrategy> strategies, LlmRouterOptions options, ModelLifecycle lifecycle, TokenEstimator? estimator = null, ContextTrimmer? trimmer = null)
    {
        _table = table;
        _estimator = estimator ?? TokenEstimator.Default;
        _trimmer = trimmer;
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

    /// <summary>
    /// Turns a call into a request: validates the messages, reads the hints, estimates the prompt and plans it (unless a plan is given),
    /// before any network call. With <see cref="LlmRouterOptions.ContextTrimming"/> on, a conversation no candidate's window holds is
    /// trimmed here (<see cref="ContextTrimmer"/>).
    /// </summary>
    /// <remarks>Completes synchronously when the plan does (a model asked for by name before, or a synchronous strategy).</remarks>
    public ValueTask<RoutedRequest> PrepareAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, RoutePlan? plan, CancellationToken cancellationToken)
    {
        var list = RoutedRequest.ValidateMessages(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var hints = options.GetRoutingHints();

        // The estimate is read by candidate filtering, strategies and every route's context-window check; the bound only by
        // budgets (a call's reservation), so it is counted only when a budget is set. A plan that names its models (ModelId, or a plan
        // given) does not read the estimate: it is sized once planned (Sized).
        var bound = _boundForBudgets ? TokenBound.InputTokens(list, options) : 0;
        if (plan is not null)
        {
            return new(Fit(new RoutedRequest(list, options, hints, Sized(list, options, plan), bound, plan, cancellationToken)));
        }

        var named = options?.ModelId is { Length: > 0 };
        var estimate = named ? 0 : _estimator.Estimate(list, options);
        ValueTask<RoutePlan> planning;
        try
        {
            planning = PlanAsync(list, options, hints, estimate, cancellationToken);
        }
        catch (LlmException ex) when (MayTrim(ex, options))
        {
            return TrimThenPlanAsync(new RoutedRequest(list, options, hints, estimate, bound, Unplanned, cancellationToken));
        }

        if (!planning.IsCompletedSuccessfully)
        {
            return PreparedAsync(planning, new RoutedRequest(list, options, hints, estimate, bound, Unplanned, cancellationToken));
        }

        var planned = planning.Result;
        return new(Fit(new RoutedRequest(list, options, hints, named ? Sized(list, options, planned) : estimate, bound, planned, cancellationToken)));
    }

    /// <summary>
    /// Sizes a request whose plan was made without its estimate (a model named): only the planned windows read it, so when a cheap upper
    /// bound of the estimate (<see cref="TokenEstimator.QuickBound"/>) fits every one of them, the bound stands for it and the text is
    /// never read; otherwise the estimate is made.
    /// </summary>
    private int Sized(IReadOnlyList<ChatMessage> messages, ChatOptions? options, RoutePlan plan)
    {
        var quick = _estimator.QuickBound(messages, options);
        if (quick < 0)
        {
            return _estimator.Estimate(messages, options);
        }

        var models = plan.Models;
        for (var i = 0; i < models.Count; i++)
        {
            if (models[i].ContextWindow > 0 && quick > models[i].ContextWindow)
            {
                return _estimator.Estimate(messages, options);
            }
        }

        return quick;
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
        var estimate = _estimator.Estimate(messages, request.Options);
        var bound = _boundForBudgets ? TokenBound.WithMessage(TokenBound.WithMessage(request.InputTokenBound, said), ask) : 0;
        var plan = request.Plan with { Models = later, Reason = $"{request.Plan.Reason}; continuing a stream that broke on {models[planIndex].Key}" };
        return request with { Messages = messages, EstimatedInputTokens = estimate, InputTokenBound = bound, Plan = plan };
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
    private ValueTask<RoutePlan> PlanByStrategy(IReadOnlyList<ChatMessage> messages, ChatOptions? options, RoutingHints hints, int estimatedInputTokens, CancellationToken cancellationToken) =>
        Choose(_candidates.Filter(messages, options, hints, estimatedInputTokens), messages, options, hints, estimatedInputTokens, cancellationToken);

    /// <summary>Lets the strategy choose among given candidates; synchronous when the strategy is.</summary>
    private ValueTask<RoutePlan> Choose(IReadOnlyList<ModelDescriptor> candidates, IReadOnlyList<ChatMessage> messages, ChatOptions? options, RoutingHints hints, int estimatedInputTokens, CancellationToken cancellationToken)
    {
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

    /// <summary>Waits for a plan that did not complete synchronously (discovery, an awaiting strategy), then as <see cref="PrepareAsync"/>.</summary>
    /// <param name="planning">The plan being made.</param>
    /// <param name="unplanned">The request, its plan <see cref="Unplanned"/> yet.</param>
    private async ValueTask<RoutedRequest> PreparedAsync(ValueTask<RoutePlan> planning, RoutedRequest unplanned)
    {
        RoutePlan plan;
        try
        {
            plan = await planning.ConfigureAwait(false);
        }
        catch (LlmException ex) when (MayTrim(ex, unplanned.Options))
        {
            return await TrimThenPlanAsync(unplanned).ConfigureAwait(false);
        }

        var named = unplanned.Options?.ModelId is { Length: > 0 };
        return Fit(unplanned with { Plan = plan, EstimatedInputTokens = named ? Sized(unplanned.Messages, unplanned.Options, plan) : unplanned.EstimatedInputTokens });
    }

    /// <summary>Tells whether a planning failure is a conversation no candidate's window holds, which trimming may fit (routed requests only).</summary>
    private bool MayTrim(LlmException error, ChatOptions? options) =>
        _trimmer is not null && error.Kind == LlmErrorKind.ContextTooLong && options?.ModelId is not { Length: > 0 };

    /// <summary>
    /// Plans a routed request no candidate's window holds: trims it for the largest window among the models that would serve it
    /// otherwise, then lets the strategy choose among the models whose window holds the trimmed conversation and its reserved output.
    /// </summary>
    /// <param name="unplanned">The request, its plan <see cref="Unplanned"/> yet.</param>
    /// <exception cref="LlmException"><see cref="LlmErrorKind.ContextTooLong"/> when the messages that must be kept do not fit even that window.</exception>
    private async ValueTask<RoutedRequest> TrimThenPlanAsync(RoutedRequest unplanned)
    {
        var trimmer = _trimmer!;
        var (messages, options, hints) = (unplanned.Messages, unplanned.Options, unplanned.Hints);

        // Without a size, the filter leaves the models that fail only on their window (the others are left out as before).
        ModelDescriptor? largest = null;
        foreach (var model in _candidates.Filter(messages, options, hints, 0))
        {
            if (largest is null || model.ContextWindow > largest.ContextWindow)
            {
                largest = model;
            }
        }

        var conversation = trimmer.TrimFor(messages, options, unplanned.EstimatedInputTokens, largest!);
        var request = unplanned.Trimmed(conversation);
        var fitting = new List<ModelDescriptor>();
        foreach (var model in _candidates.Filter(request.Messages, options, hints, request.EstimatedInputTokens))
        {
            if (request.EstimatedInputTokens <= trimmer.Room(model, options))
            {
                fitting.Add(model);
            }
        }

        var plan = await Choose(fitting, request.Messages, options, hints, request.EstimatedInputTokens, unplanned.CancellationToken).ConfigureAwait(false);
        return request with { Plan = Described(plan, request.TrimmedMessages, largest!) };
    }

    /// <summary>
    /// Trims a planned request no planned model's window holds (with <see cref="LlmRouterOptions.ContextTrimming"/> on) to the window of
    /// its first model, less the output reserved; a request some planned model holds is returned as it is.
    /// </summary>
    /// <exception cref="LlmException"><see cref="LlmErrorKind.ContextTooLong"/> when the messages that must be kept do not fit that window.</exception>
    private RoutedRequest Fit(in RoutedRequest request)
    {
        if (_trimmer is null)
        {
            return request;
        }

        var models = request.Plan.Models;
        for (var i = 0; i < models.Count; i++)
        {
            if (models[i].ContextWindow <= 0 || request.EstimatedInputTokens <= models[i].ContextWindow)
            {
                return request; // the plan's first model, for every plan a strategy made
            }
        }

        if (models.Count == 0)
        {
            return request;
        }

        var trimmed = request.Trimmed(_trimmer.TrimFor(request.Messages, request.Options, request.EstimatedInputTokens, models[0]));
        return trimmed with { Plan = Described(request.Plan, trimmed.TrimmedMessages, models[0]) };
    }

    private static RoutePlan Described(RoutePlan plan, int dropped, ModelDescriptor model) =>
        plan with { Reason = $"{plan.Reason}; {dropped} oldest messages dropped to fit the context window of {model.Key}" };

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
