using System.Text;
using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>Planning: direct selection, candidate filtering, the strategy, the fallback chain.</summary>
internal sealed partial class RouterEngine
{
    internal async ValueTask<RoutePlan> PlanCoreAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, RoutingHints hints, int estimatedInputTokens, CancellationToken cancellationToken)
    {
        await EnsureModelsDiscoveredAsync(force: false, cancellationToken).ConfigureAwait(false);
        if (options?.ModelId is { Length: > 0 } modelId)
        {
            if (_discoverers.Length > 0 && !_directPlans.ContainsKey(modelId) && !_catalog.TryResolve(modelId, out _))
            {
                await EnsureModelsDiscoveredAsync(force: true, cancellationToken).ConfigureAwait(false);
            }

            return GetDirectPlan(modelId);
        }

        var candidates = FilterCandidates(messages, options, hints, estimatedInputTokens);
        var strategyName = hints.Strategy ?? _options.Strategy;
        if (!_strategies.TryGetValue(strategyName, out var strategy))
        {
            throw new LlmException(LlmErrorKind.InvalidRequest, $"Unknown routing strategy '{strategyName}'. Registered strategies: {string.Join(", ", _strategies.Keys.Order(StringComparer.Ordinal))}.");
        }

        var request = new RoutingRequest(messages, options, candidates, estimatedInputTokens, hints) { LocalFirst = _options.LocalFirst };
        var plan = await strategy.PlanAsync(request, cancellationToken).ConfigureAwait(false);
        if (plan is null || plan.Models.Count == 0)
        {
            throw new LlmException(LlmErrorKind.InvalidRequest, $"Routing strategy '{strategy.Name}' chose no model for this request{(plan is null ? "." : ": " + plan.Reason)}");
        }

        return WithFallbacks(plan);
    }

    private RoutePlan GetDirectPlan(string modelId)
    {
        if (_directPlans.TryGetValue(modelId, out var cached))
        {
            return cached;
        }

        var model = ResolveModel(modelId);
        _ = GetRouteOrThrow(model);
        var plan = WithFallbacks(new RoutePlan([model], LlmRouterDefaults.DirectStrategy, $"ChatOptions.ModelId = '{modelId}'"));
        return _directPlans.GetOrAdd(modelId, plan);
    }

    private RoutePlan WithFallbacks(RoutePlan plan)
    {
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
            if (!ContainsReference(planModels, fallback))
            {
                models[count++] = fallback;
            }
        }

        Array.Resize(ref models, count);
        return plan with { Models = models };
    }

    private static bool ContainsReference(IReadOnlyList<ModelDescriptor> models, ModelDescriptor model)
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

    private IReadOnlyList<ModelDescriptor> FilterCandidates(IReadOnlyList<ChatMessage> messages, ChatOptions? options, RoutingHints hints, int estimatedInputTokens)
    {
        var needed = RequiredCapabilities(messages, options);
        HashSet<string>? allowed = null;
        if (hints.AllowedModels is { } allowedNames)
        {
            allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in allowedNames)
            {
                allowed.Add(ResolveModel(name).Key);
            }
        }

        var requiredWindow = estimatedInputTokens;

        // Most requests qualify every routable model: then the shared array is the candidate list and nothing is allocated.
        List<ModelDescriptor>? result = null;
        Span<int> excluded = stackalloc int[(int)Exclusion.Count];
        var shortestCooldown = TimeSpan.MaxValue;
        var anyCooling = _health.AnyCoolingDown;
        var routable = _routable;
        for (var i = 0; i < routable.Length; i++)
        {
            var m = routable[i];
            var remaining = TimeSpan.Zero;
            var exclusion =
                allowed is not null && !allowed.Contains(m.Key) ? Exclusion.NotAllowed
                : (hints.MinTier is { } min && m.Tier < min) || (hints.MaxTier is { } max && m.Tier > max) ? Exclusion.Tier
                : !m.Supports(needed) ? Exclusion.Capability
                : m.ContextWindow > 0 && requiredWindow > m.ContextWindow ? Exclusion.Context
                : hints.MaxCost is { } maxCost && RoutingCost.WorstCaseCost(m, estimatedInputTokens, options) > maxCost ? Exclusion.Cost
                : anyCooling && (remaining = _health.GetCooldownRemaining(m.Key)) > TimeSpan.Zero ? Exclusion.Cooling
                : Exclusion.None;
            if (exclusion == Exclusion.None)
            {
                result?.Add(m);
                continue;
            }

            if (result is null)
            {
                result = new List<ModelDescriptor>(routable.Length);
                for (var j = 0; j < i; j++)
                {
                    result.Add(routable[j]);
                }
            }

            excluded[(int)exclusion]++;
            if (exclusion == Exclusion.Cooling && remaining < shortestCooldown)
            {
                shortestCooldown = remaining;
            }
        }

        int notAllowed = excluded[(int)Exclusion.NotAllowed], tier = excluded[(int)Exclusion.Tier], capability = excluded[(int)Exclusion.Capability],
            context = excluded[(int)Exclusion.Context], cost = excluded[(int)Exclusion.Cost], cooling = excluded[(int)Exclusion.Cooling];

        if (result is null)
        {
            if (routable.Length > 0)
            {
                return routable;
            }

            result = [];
        }

        if (result.Count > 0)
        {
            return result;
        }

        if (routable.Length == 0)
        {
            throw new LlmException(LlmErrorKind.InvalidRequest, _providers.Count == 0
                ? "No LLM provider is registered. Add one with services.AddLlmRouter().AddProvider(…) or a provider package (AddOpenAI(), AddAnthropic(), AddOllama(), …)."
                : $"No model of a configured provider is in the catalog (providers: {DescribeProviders()}). Set API keys, add models with LlmRouterOptions.AdditionalModels, or check LlmRouterOptions.Models.");
        }

        var why = new StringBuilder("No configured model can serve this request:");
        if (notAllowed > 0)
        {
            why.Append(' ').Append(notAllowed).Append(" not in RoutingHints.AllowedModels;");
        }

        if (tier > 0)
        {
            why.Append(' ').Append(tier).Append(" outside the tiers ").Append(hints.MinTier?.ToString() ?? "any").Append('–').Append(hints.MaxTier?.ToString() ?? "any").Append(';');
        }

        if (capability > 0)
        {
            why.Append(' ').Append(capability).Append(" lack ").Append(needed).Append(';');
        }

        if (context > 0)
        {
            why.Append(' ').Append(context).Append(" have a context window smaller than the ~").Append(requiredWindow).Append(" tokens needed;");
        }

        if (cost > 0)
        {
            why.Append(' ').Append(cost).Append(" could cost more than RoutingHints.MaxCost $").Append(hints.MaxCost).Append(';');
        }

        if (cooling > 0)
        {
            why.Append(' ').Append(cooling).Append(" are cooling down after failures;");
        }

        why.Length--;
        why.Append('.');
        var onlyCooling = cooling > 0 && notAllowed + tier + capability + context + cost == 0;
        throw new LlmException(onlyCooling ? LlmErrorKind.Unavailable : LlmErrorKind.InvalidRequest, why.ToString())
        {
            RetryAfter = onlyCooling ? shortestCooldown : null,
        };
    }

    private string DescribeProviders() => string.Join(", ", _providers.Values
        .OrderBy(p => p.Name, StringComparer.Ordinal)
        .Select(p => p.IsConfigured ? p.Name : $"{p.Name} (not configured: {p.NotConfiguredReason ?? "no reason given"})"));

    /// <summary>What a request needs of a model: tools, images, a JSON schema.</summary>
    internal static ModelCapabilities RequiredCapabilities(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var needed = ModelCapabilities.None;
        if (options?.Tools is { Count: > 0 })
        {
            needed |= ModelCapabilities.Tools;
        }

        if (options?.ResponseFormat is ChatResponseFormatJson { Schema: not null })
        {
            needed |= ModelCapabilities.StructuredOutput;
        }

        for (var i = 0; i < messages.Count; i++)
        {
            var contents = messages[i].Contents;
            for (var j = 0; j < contents.Count; j++)
            {
                if ((contents[j] is DataContent d && d.HasTopLevelMediaType("image")) ||
                    (contents[j] is UriContent u && u.HasTopLevelMediaType("image")))
                {
                    return needed | ModelCapabilities.Vision;
                }
            }
        }

        return needed;
    }

    /// <summary>Why a routable model is not a candidate for a request.</summary>
    private enum Exclusion
    {
        None,
        NotAllowed,
        Tier,
        Capability,
        Context,
        Cost,
        Cooling,
        Count,
    }
}
