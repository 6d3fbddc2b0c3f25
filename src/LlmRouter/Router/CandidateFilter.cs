using System.Text;
using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>
/// Which routable models may serve a request: within the hints' allowed models, tiers and cost, not deprecated, with the
/// capabilities the request needs, a window that holds the prompt, and not cooling down. When none qualifies, says why in one error.
/// </summary>
/// <remarks>
/// A model past its <see cref="ModelDescriptor.DeprecationDate"/> is never a candidate, so no strategy chooses it; it is still
/// served when asked for by name (<see cref="RoutePlanner"/>).
/// </remarks>
internal sealed class CandidateFilter
{
    private readonly RouteTable _table;
    private readonly RouteHealthRegistry _health;
    private readonly ModelLifecycle _lifecycle;
    private volatile LiveModels? _live;

    public CandidateFilter(RouteTable table, RouteHealthRegistry health, ModelLifecycle lifecycle)
    {
        _table = table;
        _health = health;
        _lifecycle = lifecycle;
    }

    /// <summary>Why a routable model is not a candidate for a request.</summary>
    private enum Exclusion
    {
        None,
        NotAllowed,
        Deprecated,
        Tier,
        Capability,
        Context,
        Cost,
        Cooling,
        Count,
    }

    /// <summary>Gets the candidates for a request; allocates nothing when every routable model qualifies (the common case).</summary>
    /// <exception cref="LlmException"><see cref="LlmErrorKind.InvalidRequest"/> naming why no model qualifies,
    /// <see cref="LlmErrorKind.ContextTooLong"/> when every model that would otherwise qualify has a window smaller than the prompt, or
    /// <see cref="LlmErrorKind.Unavailable"/> with a Retry-After when every model that would qualify is cooling down.</exception>
    public IReadOnlyList<ModelDescriptor> Filter(IReadOnlyList<ChatMessage> messages, ChatOptions? options, RoutingHints hints, int estimatedInputTokens)
    {
        var needed = RequiredCapabilities(messages, options);
        HashSet<string>? allowed = null;
        if (hints.AllowedModels is { } allowedNames)
        {
            allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in allowedNames)
            {
                allowed.Add(_table.Resolve(name).Key);
            }
        }

        List<ModelDescriptor>? result = null;
        Span<int> excluded = stackalloc int[(int)Exclusion.Count];
        var shortestCooldown = TimeSpan.MaxValue;
        var anyCooling = _health.AnyCoolingDown;
        var routable = _table.Routable;
        var live = Live(routable);
        var models = live.Models;
        excluded[(int)Exclusion.Deprecated] = live.Deprecated;
        for (var i = 0; i < models.Length; i++)
        {
            var m = models[i];
            var remaining = TimeSpan.Zero;
            var exclusion =
                allowed is not null && !allowed.Contains(m.Key) ? Exclusion.NotAllowed
                : (hints.MinTier is { } min && m.Tier < min) || (hints.MaxTier is { } max && m.Tier > max) ? Exclusion.Tier
                : !m.Supports(needed) ? Exclusion.Capability
                : m.ContextWindow > 0 && estimatedInputTokens > m.ContextWindow ? Exclusion.Context
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
                result = new List<ModelDescriptor>(models.Length);
                for (var j = 0; j < i; j++)
                {
                    result.Add(models[j]);
                }
            }

            excluded[(int)exclusion]++;
            if (exclusion == Exclusion.Cooling && remaining < shortestCooldown)
            {
                shortestCooldown = remaining;
            }
        }

        if (result is null && models.Length > 0)
        {
            return models;
        }

        if (result is { Count: > 0 })
        {
            return result;
        }

        throw NoCandidate(routable.Length, excluded, needed, hints, estimatedInputTokens, shortestCooldown);
    }

    /// <summary>Gets the routable models that are not deprecated today; recomputed only when the routable models or the day change.</summary>
    private LiveModels Live(ModelDescriptor[] routable)
    {
        var live = _live;
        if (live is not null && ReferenceEquals(live.Routable, routable) && (!live.HasDates || live.Day == _lifecycle.Today))
        {
            return live;
        }

        var today = _lifecycle.Today;
        var models = Array.FindAll(routable, m => !m.IsDeprecatedOn(today));
        live = new LiveModels(
            routable,
            today,
            models.Length == routable.Length ? routable : models,
            Array.Exists(routable, m => m.DeprecationDate is not null));
        _live = live;
        return live;
    }

    /// <summary>What a request needs of a model: tools, images, a JSON schema.</summary>
    public static ModelCapabilities RequiredCapabilities(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
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

    private LlmException NoCandidate(int routable, ReadOnlySpan<int> excluded, ModelCapabilities needed, RoutingHints hints, int estimatedInputTokens, TimeSpan shortestCooldown)
    {
        if (routable == 0)
        {
            return new LlmException(LlmErrorKind.InvalidRequest, _table.Providers.Count == 0
                ? "No LLM provider is registered. Add one with services.AddLlmRouter().AddProvider(…) or a provider package (AddOpenAI(), AddAnthropic(), AddOllama(), …)."
                : $"No model of a configured provider is in the catalog (providers: {_table.DescribeProviders()}). Set API keys, add models with LlmRouterOptions.AdditionalModels, or check LlmRouterOptions.Models.");
        }

        int notAllowed = excluded[(int)Exclusion.NotAllowed], deprecated = excluded[(int)Exclusion.Deprecated], tier = excluded[(int)Exclusion.Tier], capability = excluded[(int)Exclusion.Capability],
            context = excluded[(int)Exclusion.Context], cost = excluded[(int)Exclusion.Cost], cooling = excluded[(int)Exclusion.Cooling];
        var why = new StringBuilder("No configured model can serve this request:");
        if (notAllowed > 0)
        {
            why.Append(' ').Append(notAllowed).Append(" not in RoutingHints.AllowedModels;");
        }

        if (deprecated > 0)
        {
            why.Append(' ').Append(deprecated).Append(" are deprecated (past their DeprecationDate; name one in ChatOptions.ModelId to use it anyway);");
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
            why.Append(' ').Append(context).Append(" have a context window smaller than the ~").Append(estimatedInputTokens).Append(" tokens needed;");
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
        var onlyCooling = cooling > 0 && notAllowed + deprecated + tier + capability + context + cost == 0;

        // Models left out for cost, cooling or deprecation passed the window check; without them, every model that could serve the request is too small.
        var tooLong = context > 0 && cost + cooling + deprecated == 0;
        var kind = onlyCooling ? LlmErrorKind.Unavailable : tooLong ? LlmErrorKind.ContextTooLong : LlmErrorKind.InvalidRequest;
        return new LlmException(kind, why.ToString())
        {
            RetryAfter = onlyCooling ? shortestCooldown : null,
        };
    }

    /// <summary>The routable models that are not deprecated on <see cref="Day"/>, for the routable array they were taken from.</summary>
    /// <param name="Routable">The routable models the snapshot was taken from.</param>
    /// <param name="Day">The day (UTC) the snapshot holds for, when <see cref="HasDates"/>.</param>
    /// <param name="Models">The models not deprecated on <see cref="Day"/>; <see cref="Routable"/> itself when none is.</param>
    /// <param name="HasDates">Whether any routable model has a deprecation date (otherwise the day never matters).</param>
    private sealed record LiveModels(ModelDescriptor[] Routable, DateOnly Day, ModelDescriptor[] Models, bool HasDates)
    {
        public int Deprecated => Routable.Length - Models.Length;
    }
}
