namespace LlmRouter;

/// <summary>
/// Keeps the outcomes the <c>smart</c> strategy learns from, as an append-only log. The default is in memory (optionally
/// backed by a file); persistent and shared stores are registered on the builder.
/// </summary>
public interface IRoutingOutcomeStore
{
    /// <summary>Gets how many outcomes the store holds.</summary>
    long Count { get; }

    /// <summary>Appends outcomes: all of them, or none when it fails.</summary>
    /// <param name="outcomes">The outcomes, with catalog keys as model names.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when they are stored.</returns>
    ValueTask AddAsync(IReadOnlyList<RoutingOutcome> outcomes, CancellationToken cancellationToken = default);

    /// <summary>Reads outcomes in the order they were added, from a position on.</summary>
    /// <param name="from">The position of the first outcome to read (0 for all).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The outcomes at positions <paramref name="from"/> to <see cref="Count"/> − 1.</returns>
    ValueTask<IReadOnlyList<RoutingOutcome>> ReadAsync(long from, CancellationToken cancellationToken = default);
}
