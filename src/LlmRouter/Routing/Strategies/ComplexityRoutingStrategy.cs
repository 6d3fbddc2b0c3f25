using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace LlmRouter;

/// <summary>
/// The default strategy: the complexity classifier recommends a tier, clamped to the hints' <see cref="RoutingHints.MinTier"/>
/// and <see cref="RoutingHints.MaxTier"/>; the plan then lists that tier's models cheapest first, then the tiers above
/// (closest first), then the tiers below (closest first), each cheapest first.
/// </summary>
/// <remarks>
/// <para>"Cheapest" is the expected cost of this prompt (<see cref="RoutingCost.ExpectedCostMicros(ModelDescriptor, int, Microsoft.Extensions.AI.ChatOptions?)"/>); local models count as free, whatever their price.</para>
/// <para>Local-first rule: with <see cref="RoutingRequest.LocalFirst"/>, a <see cref="ModelTier.Local"/> model is good enough
/// when the target tier is <see cref="ModelTier.Local"/>, <see cref="ModelTier.Fast"/> or <see cref="ModelTier.Balanced"/>, and then
/// the local models come first; for <see cref="ModelTier.Smart"/> and <see cref="ModelTier.Frontier"/> prompts they keep their
/// place below the target tier.</para>
/// </remarks>
internal sealed class ComplexityRoutingStrategy : IRoutingStrategy
{
    private const int MaxSignalsInReason = 3;
    private const int LocalFirstGroup = -1;
    private const int BelowGroupOffset = 10;
    private const int MaxCachedReasons = 4_096;

    private readonly IComplexityClassifier _classifier;

    // Reasons are formatted once per distinct (score, signals, tiers, first model, counts): formatting a double and two enums
    // costs more than the rest of a plan, and similar prompts repeat them. Bounded; past the bound, reasons are formatted each time.
    private readonly ConcurrentDictionary<ReasonKey, string> _reasons = new();
    private int _cachedReasons;

    public ComplexityRoutingStrategy(IComplexityClassifier classifier)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        _classifier = classifier;
    }

    public string Name => RoutingStrategyNames.Complexity;

    public ValueTask<RoutePlan> PlanAsync(RoutingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();

        var candidates = request.Candidates;
        if (candidates.Count == 0)
        {
            return new(RoutePlans.NoCandidates(Name));
        }

        var assessment = _classifier.Assess(request.Messages, request.Options);
        var recommended = assessment.RecommendedTier;
        var target = recommended;
        var hints = request.Hints;
        if (hints.MinTier is { } min && target < min)
        {
            target = min;
        }

        if (hints.MaxTier is { } max && target > max)
        {
            target = max;
        }

        var localFirst = request.LocalFirst && target <= ModelTier.Balanced;
        var inTarget = 0;
        var local = 0;
        // Up to RankedBuffer.Length candidates are ranked on the stack; more in a pooled array.
        var buffer = default(RankedBuffer);
        var rented = candidates.Count > RankedBuffer.Length ? RoutePlans.Rent(candidates.Count) : null;
        var ranked = rented is null ? ((Span<RankedModel>)buffer)[..candidates.Count] : rented.AsSpan(0, candidates.Count);
        ModelDescriptor[] models;
        try
        {
            for (var i = 0; i < candidates.Count; i++)
            {
                var model = candidates[i];
                var tier = model.Tier;
                int group;
                if (localFirst && tier == ModelTier.Local)
                {
                    group = LocalFirstGroup;
                    local++;
                }
                else
                {
                    group = tier >= target ? tier - target : BelowGroupOffset + (target - tier);
                }

                if (tier == target)
                {
                    inTarget++;
                }

                var cost = tier == ModelTier.Local ? 0 : RoutingCost.ExpectedCostMicros(model, request.EstimatedInputTokens, request.Options);
                ranked[i] = new RankedModel(model, i, group, 0, cost);
            }

            models = RoutePlans.SortToArray(ranked);
        }
        finally
        {
            if (rented is not null)
            {
                RoutePlans.Return(rented);
            }
        }

        return new(new RoutePlan(models, Name, GetReason(assessment, target, models[0], localFirst ? local : 0, inTarget)));
    }

    private string GetReason(ComplexityAssessment assessment, ModelTier target, ModelDescriptor first, int local, int inTarget)
    {
        var signals = assessment.Signals;
        var key = new ReasonKey(
            assessment.Score,
            signals?.Count ?? 0,
            signals is { Count: > 0 } ? signals[0] : null,
            signals is { Count: > 1 } ? signals[1] : null,
            signals is { Count: > 2 } ? signals[2] : null,
            target,
            assessment.RecommendedTier,
            first,
            local,
            inTarget);
        if (_reasons.TryGetValue(key, out var reason))
        {
            return reason;
        }

        reason = BuildReason(assessment, target, first, local, inTarget);
        if (Volatile.Read(ref _cachedReasons) < MaxCachedReasons && _reasons.TryAdd(key, reason))
        {
            Interlocked.Increment(ref _cachedReasons);
        }

        return reason;
    }

    private string BuildReason(ComplexityAssessment assessment, ModelTier target, ModelDescriptor first, int local, int inTarget)
    {
        // complexity 0.62 (code, long prompt) → Smart: openai/gpt-4.1 cheapest of 3
        var reason = RoutePlans.Reason(stackalloc char[256]);
        reason.AppendLiteral(Name);
        reason.AppendLiteral(" ");
        reason.AppendFormatted(assessment.Score, "0.00");
        var signals = assessment.Signals;
        if (signals is { Count: > 0 })
        {
            reason.AppendLiteral(" (");
            var shown = Math.Min(signals.Count, MaxSignalsInReason);
            for (var i = 0; i < shown; i++)
            {
                if (i > 0)
                {
                    reason.AppendLiteral(", ");
                }

                reason.AppendLiteral(signals[i]);
            }

            if (signals.Count > shown)
            {
                reason.AppendLiteral(", …");
            }

            reason.AppendLiteral(")");
        }

        reason.AppendLiteral(" → ");
        reason.AppendFormatted(target);
        if (target != assessment.RecommendedTier)
        {
            reason.AppendLiteral(" (clamped from ");
            reason.AppendFormatted(assessment.RecommendedTier);
            reason.AppendLiteral(" by hints)");
        }

        reason.AppendLiteral(": ");
        if (local > 0)
        {
            reason.AppendLiteral("local first, ");
            RoutePlans.AppendKey(ref reason, first);
            reason.AppendLiteral(" of ");
            reason.AppendFormatted(local);
            reason.AppendLiteral(" local");
        }
        else if (inTarget > 0)
        {
            RoutePlans.AppendKey(ref reason, first);
            reason.AppendLiteral(" cheapest of ");
            reason.AppendFormatted(inTarget);
        }
        else
        {
            reason.AppendLiteral("no ");
            reason.AppendFormatted(target);
            reason.AppendLiteral(" candidate, ");
            RoutePlans.AppendKey(ref reason, first);
            reason.AppendLiteral(" (");
            reason.AppendFormatted(first.Tier);
            reason.AppendLiteral(") instead");
        }

        return reason.ToStringAndClear();
    }

    /// <summary>What a reason says: equal keys give equal reasons. Signals and models compare by reference (they are the classifier's constants and the catalog's instances).</summary>
    private readonly struct ReasonKey(double score, int signalCount, string? s0, string? s1, string? s2, ModelTier target, ModelTier recommended, ModelDescriptor first, int local, int inTarget)
        : IEquatable<ReasonKey>
    {
        private readonly double _score = score;
        private readonly int _signalCount = signalCount;
        private readonly string? _s0 = s0;
        private readonly string? _s1 = s1;
        private readonly string? _s2 = s2;
        private readonly ModelTier _target = target;
        private readonly ModelTier _recommended = recommended;
        private readonly ModelDescriptor _first = first;
        private readonly int _local = local;
        private readonly int _inTarget = inTarget;

        public bool Equals(ReasonKey other) =>
            _score.Equals(other._score) && _signalCount == other._signalCount && ReferenceEquals(_s0, other._s0) && ReferenceEquals(_s1, other._s1) &&
            ReferenceEquals(_s2, other._s2) && _target == other._target && _recommended == other._recommended && ReferenceEquals(_first, other._first) &&
            _local == other._local && _inTarget == other._inTarget;

        public override bool Equals(object? obj) => obj is ReasonKey other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(
            _score,
            HashCode.Combine(_signalCount, RuntimeHelpers.GetHashCode(_s0), RuntimeHelpers.GetHashCode(_s1), RuntimeHelpers.GetHashCode(_s2)),
            _target,
            _recommended,
            RuntimeHelpers.GetHashCode(_first),
            _local,
            _inTarget);
    }
}
