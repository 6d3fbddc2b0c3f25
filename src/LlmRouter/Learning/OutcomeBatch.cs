namespace LlmRouter;

/// <summary>The checks every <see cref="IRoutingOutcomeStore"/> makes of a batch before it adds any of it.</summary>
internal static class OutcomeBatch
{
    /// <summary>Throws when the batch or one of its outcomes is missing; nothing of such a batch may be added.</summary>
    /// <param name="outcomes">The batch.</param>
    /// <exception cref="ArgumentNullException"><paramref name="outcomes"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An outcome is <see langword="null"/> (the message names its index).</exception>
    public static void ThrowIfInvalid(IReadOnlyList<RoutingOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (outcomes[i] is null)
            {
                throw new ArgumentException($"Outcome {i} is null.", nameof(outcomes));
            }
        }
    }
}
