namespace LlmRouter;

/// <summary>
/// The fastest candidate first: models with an observed average latency (<see cref="IRouteStatistics.GetAverageLatency"/>) come
/// first, lowest average first (ties: cheaper, then higher tier, then key); models never measured follow, cheapest first by
/// expected cost (ties: higher tier, then key).
/// </summary>
/// <remarks>Unmeasured models go last rather than first so that a known-fast route is not traded for an experiment; they are
/// measured as soon as the measured ones fail or cool down, or when another strategy uses them.</remarks>
internal sealed class LatencyRoutingStrategy : IRoutingStrategy
{
    private const int MeasuredGroup = 0;
    private const int UnmeasuredGroup = 1;

    private readonly IRouteStatistics _statistics;

    public LatencyRoutingStrategy(IRouteStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        _statistics = statistics;
    }

    public string Name => RoutingStrategyNames.Latency;

    public ValueTask<RoutePlan> PlanAsync(RoutingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();

        var candidates = request.Candidates;
        if (candidates.Count == 0)
        {
            return new(RoutePlans.NoCandidates(Name));
        }

        var measured = 0;
        var ranked = RoutePlans.Rent(candidates.Count);
        ModelDescriptor[] models;
        TimeSpan? fastest = null;
        try
        {
            for (var i = 0; i < candidates.Count; i++)
            {
                var model = candidates[i];
                var latency = _statistics.GetAverageLatency(model.Key);
                var cost = RoutingCost.ExpectedCostMicros(model, request.EstimatedInputTokens, request.Options);
                if (latency is { } observed)
                {
                    measured++;
                    ranked[i] = new RankedModel(model, i, MeasuredGroup, Math.Max(0, observed.Ticks), cost);
                }
                else
                {
                    ranked[i] = new RankedModel(model, i, UnmeasuredGroup, 0, cost);
                }
            }

            var span = ranked.AsSpan(0, candidates.Count);
            models = RoutePlans.SortToArray(span);
            if (measured > 0)
            {
                fastest = TimeSpan.FromTicks(span[0].Primary);
            }
        }
        finally
        {
            RoutePlans.Return(ranked);
        }

        // latency: openai/gpt-4o-mini fastest at 420 ms average (3 of 5 measured; unmeasured last, cheapest first)
        var reason = RoutePlans.Reason(stackalloc char[160]);
        reason.AppendLiteral(Name);
        reason.AppendLiteral(": ");
        if (fastest is { } best)
        {
            RoutePlans.AppendKey(ref reason, models[0]);
            reason.AppendLiteral(" fastest at ");
            reason.AppendFormatted(best.TotalMilliseconds, "0");
            reason.AppendLiteral(" ms average (");
            reason.AppendFormatted(measured);
            reason.AppendLiteral(" of ");
            reason.AppendFormatted(candidates.Count);
            reason.AppendLiteral(measured == candidates.Count ? " measured)" : " measured; unmeasured last, cheapest first)");
        }
        else
        {
            reason.AppendLiteral("no latency measured yet, cheapest first: ");
            RoutePlans.AppendKey(ref reason, models[0]);
        }

        return new(new RoutePlan(models, Name, reason.ToStringAndClear()));
    }
}
