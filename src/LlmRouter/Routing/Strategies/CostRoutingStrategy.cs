namespace LlmRouter;

/// <summary>
/// The cheapest candidate for this prompt first: ordered by expected cost (<see cref="RoutingCost.ExpectedCostMicros(ModelDescriptor, int, Microsoft.Extensions.AI.ChatOptions?)"/>: the estimated
/// input plus <see cref="Microsoft.Extensions.AI.ChatOptions.MaxOutputTokens"/>, or 512 output tokens when unset; where recorded
/// outcomes give answer lengths, each candidate's predicted length, capped by MaxOutputTokens), ties broken by higher tier, then key.
/// </summary>
/// <remarks>With <see cref="RoutingHints.MaxCost"/>, models whose worst case (<see cref="RoutingCost.WorstCaseCost"/>) exceeds it are
/// left out of the plan (compared exactly, in <see cref="decimal"/>); if that leaves none, the plan is the one model with the lowest
/// worst case, and the reason says so.</remarks>
internal sealed class CostRoutingStrategy : IRoutingStrategy
{
    private readonly IOutputLengthPredictor? _lengths;

    /// <param name="lengths">Predicts answer lengths from recorded outcomes; without it (or while it knows nothing), every
    /// answer is assumed <see cref="RoutingCost.ExpectedOutputTokens"/> long.</param>
    public CostRoutingStrategy(IOutputLengthPredictor? lengths = null) => _lengths = lengths;

    public string Name => RoutingStrategyNames.Cost;

    public ValueTask<RoutePlan> PlanAsync(RoutingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();

        if (request.Candidates.Count == 0)
        {
            return new(RoutePlans.NoCandidates(Name));
        }

        if (_lengths is null)
        {
            return new(Plan(request, null));
        }

        var predicting = _lengths.PredictAsync(request, cancellationToken);
        return predicting.IsCompletedSuccessfully ? new(Plan(request, predicting.Result)) : PlanAfterAsync(request, predicting);
    }

    private async ValueTask<RoutePlan> PlanAfterAsync(RoutingRequest request, ValueTask<double[]?> predicting) =>
        Plan(request, await predicting.ConfigureAwait(false));

    /// <summary>Ranks the candidates by expected cost, with predicted answer lengths where there are some.</summary>
    private RoutePlan Plan(RoutingRequest request, double[]? lengths)
    {
        var candidates = request.Candidates;
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
                var expected = lengths is null ? RoutingCost.ExpectedCostMicros(model, input, options) : RoutingCost.ExpectedCostMicros(model, input, lengths[i]);
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
                return new RoutePlan([leastWorst!], Name, over.ToStringAndClear());
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
        var firstOutput = lengths is null ? RoutingCost.ExpectedOutputTokens(models[0], options) : (long)Math.Ceiling(lengths[IndexOf(candidates, models[0])]);
        reason.AppendLiteral(" cheapest at ");
        RoutePlans.AppendUsd(ref reason, models[0].Pricing.CalculateCost(Math.Max(0, input), firstOutput));
        reason.AppendLiteral(" expected (");
        reason.AppendFormatted(Math.Max(0, input));
        reason.AppendLiteral(" in + ");
        reason.AppendFormatted(firstOutput);
        reason.AppendLiteral(lengths is null ? " out tokens)" : " out tokens, predicted from recorded outcomes)");
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

        return new RoutePlan(models, Name, reason.ToStringAndClear());
    }

    private static int IndexOf(IReadOnlyList<ModelDescriptor> candidates, ModelDescriptor model)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            if (ReferenceEquals(candidates[i], model))
            {
                return i;
            }
        }

        return 0;
    }
}
