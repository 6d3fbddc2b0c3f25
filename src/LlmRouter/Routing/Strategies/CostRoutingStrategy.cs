namespace LlmRouter;

/// <summary>
/// The cheapest candidate for this prompt first: ordered by expected cost (<see cref="RoutingCost.ExpectedCostMicros"/>: the estimated
/// input plus <see cref="Microsoft.Extensions.AI.ChatOptions.MaxOutputTokens"/>, or 512 output tokens when unset), ties broken by
/// higher tier, then key.
/// </summary>
/// <remarks>With <see cref="RoutingHints.MaxCost"/>, models whose worst case (<see cref="RoutingCost.WorstCaseCost"/>) exceeds it are
/// left out of the plan (compared exactly, in <see cref="decimal"/>); if that leaves none, the plan is the one model with the lowest
/// worst case, and the reason says so.</remarks>
internal sealed class CostRoutingStrategy : IRoutingStrategy
{
    public string Name => RoutingStrategyNames.Cost;

    public ValueTask<RoutePlan> PlanAsync(RoutingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();

        var candidates = request.Candidates;
        if (candidates.Count == 0)
        {
            return new(RoutePlans.NoCandidates(Name));
        }

        var maxCost = request.Hints.MaxCost;
        var input = request.EstimatedInputTokens;
        var options = request.Options;
        var kept = 0;
        ModelDescriptor? leastWorst = null;
        var leastWorstCost = decimal.MaxValue;
        var leastWorstExpected = double.MaxValue;
        var ranked = RoutePlans.Rent(candidates.Count);
        ModelDescriptor[] models;
        try
        {
            for (var i = 0; i < candidates.Count; i++)
            {
                var model = candidates[i];
                var expected = RoutingCost.ExpectedCostMicros(model, input, options);
                if (maxCost is { } limit)
                {
                    var worst = RoutingCost.WorstCaseCost(model, input, options);
                    if (worst > limit)
                    {
                        if (worst < leastWorstCost || (worst == leastWorstCost && expected < leastWorstExpected))
                        {
                            leastWorst = model;
                            leastWorstCost = worst;
                            leastWorstExpected = expected;
                        }

                        continue;
                    }
                }

                ranked[kept++] = new RankedModel(model, i, 0, 0, expected);
            }

            if (kept == 0)
            {
                // cost: every candidate's worst case exceeds MaxCost $0.001; keeping openai/gpt-4o-mini (worst case $0.0042)
                var over = RoutePlans.Reason(stackalloc char[160]);
                over.AppendLiteral(Name);
                over.AppendLiteral(": every candidate's worst case exceeds MaxCost ");
                RoutePlans.AppendUsd(ref over, maxCost!.Value);
                over.AppendLiteral("; keeping the cheapest, ");
                RoutePlans.AppendKey(ref over, leastWorst!);
                over.AppendLiteral(" (worst case ");
                RoutePlans.AppendUsd(ref over, leastWorstCost);
                over.AppendLiteral(")");
                return new(new RoutePlan([leastWorst!], Name, over.ToStringAndClear()));
            }

            models = RoutePlans.SortToArray(ranked.AsSpan(0, kept));
        }
        finally
        {
            RoutePlans.Return(ranked);
        }

        // cost: openai/gpt-4o-mini cheapest at $0.00042 expected (600 in + 512 out tokens); 2 of 5 over MaxCost $0.01 left out
        var reason = RoutePlans.Reason(stackalloc char[192]);
        reason.AppendLiteral(Name);
        reason.AppendLiteral(": ");
        RoutePlans.AppendKey(ref reason, models[0]);
        reason.AppendLiteral(" cheapest at ");
        RoutePlans.AppendUsd(ref reason, RoutingCost.ExpectedCost(models[0], input, options));
        reason.AppendLiteral(" expected (");
        reason.AppendFormatted(Math.Max(0, input));
        reason.AppendLiteral(" in + ");
        reason.AppendFormatted(RoutingCost.ExpectedOutputTokens(models[0], options));
        reason.AppendLiteral(" out tokens)");
        var excluded = candidates.Count - kept;
        if (excluded > 0)
        {
            reason.AppendLiteral("; ");
            reason.AppendFormatted(excluded);
            reason.AppendLiteral(" of ");
            reason.AppendFormatted(candidates.Count);
            reason.AppendLiteral(" over MaxCost ");
            RoutePlans.AppendUsd(ref reason, maxCost!.Value);
            reason.AppendLiteral(" left out");
        }

        return new(new RoutePlan(models, Name, reason.ToStringAndClear()));
    }
}
