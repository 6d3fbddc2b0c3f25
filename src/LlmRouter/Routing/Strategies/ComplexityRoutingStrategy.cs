namespace LlmRouter;

/// <summary>
/// The default strategy: the complexity classifier recommends a tier, clamped to the hints' <see cref="RoutingHints.MinTier"/>
/// and <see cref="RoutingHints.MaxTier"/>; the plan then lists that tier's models cheapest first, then the tiers above
/// (closest first), then the tiers below (closest first), each cheapest first.
/// </summary>
/// <remarks>
/// <para>"Cheapest" is the expected cost of this prompt (<see cref="RoutingCost.ExpectedCostMicros"/>); local models count as free, whatever their price.</para>
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

    private readonly IComplexityClassifier _classifier;

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
        var ranked = RoutePlans.Rent(candidates.Count);
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

            models = RoutePlans.SortToArray(ranked.AsSpan(0, candidates.Count));
        }
        finally
        {
            RoutePlans.Return(ranked);
        }

        return new(new RoutePlan(models, Name, BuildReason(assessment, target, models[0], localFirst ? local : 0, inTarget)));
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
}
