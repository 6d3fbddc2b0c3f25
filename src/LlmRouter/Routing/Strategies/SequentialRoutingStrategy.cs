namespace LlmRouter;

/// <summary>
/// Round robin over the candidates in their given order, as AIOS does: request <c>i</c> (counted from 0 across all requests
/// this instance plans) starts at candidate <c>i mod n</c> and continues cyclically through the rest, so every candidate stays
/// in the plan for failover.
/// </summary>
/// <remarks>Thread-safe: the counter is advanced with <see cref="Interlocked"/>. When the candidate list changes between
/// requests (a route cooling down), the rotation continues over the new list.</remarks>
internal sealed class SequentialRoutingStrategy : IRoutingStrategy
{
    private long _next = -1;

    public string Name => RoutingStrategyNames.Sequential;

    public ValueTask<RoutePlan> PlanAsync(RoutingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();

        var candidates = request.Candidates;
        var count = candidates.Count;
        if (count == 0)
        {
            return new(RoutePlans.NoCandidates(Name));
        }

        var number = (ulong)Interlocked.Increment(ref _next);
        var start = (int)(number % (ulong)count);
        var models = new ModelDescriptor[count];
        for (var i = 0; i < count; i++)
        {
            var index = start + i;
            models[i] = candidates[index < count ? index : index - count];
        }

        // sequential: round robin, request 7 starts at openai/gpt-4o (2 of 5)
        var reason = RoutePlans.Reason(stackalloc char[128]);
        reason.AppendLiteral(Name);
        reason.AppendLiteral(": round robin, request ");
        reason.AppendFormatted(number);
        reason.AppendLiteral(" starts at ");
        RoutePlans.AppendKey(ref reason, models[0]);
        reason.AppendLiteral(" (");
        reason.AppendFormatted(start + 1);
        reason.AppendLiteral(" of ");
        reason.AppendFormatted(count);
        reason.AppendLiteral(")");
        return new(new RoutePlan(models, Name, reason.ToStringAndClear()));
    }
}
