namespace LlmRouter;

/// <summary>The container's <see cref="IRoutingFeedback"/>: checks outcomes, resolves their models, and appends them to the outcome store.</summary>
internal sealed class RoutingFeedback : IRoutingFeedback
{
    private readonly IRoutingOutcomeStore _store;
    private readonly Func<string, ModelDescriptor> _resolve;

    /// <param name="store">Where outcomes go.</param>
    /// <param name="resolve">Resolves a model name (key, id or alias) in the router's catalog; throws <see cref="LlmException"/> for unknown names.</param>
    public RoutingFeedback(IRoutingOutcomeStore store, Func<string, ModelDescriptor> resolve)
    {
        _store = store;
        _resolve = resolve;
    }

    public ValueTask RecordAsync(string prompt, string model, double quality, int outputTokens, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prompt);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        if (!double.IsFinite(quality) || quality < 0 || quality > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(quality), quality, "Quality is from 0 (wrong) to 1 (right).");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(outputTokens);
        var key = _resolve(model).Key;
        return _store.AddAsync([new RoutingOutcome(prompt, key, quality) { OutputTokens = outputTokens }], cancellationToken);
    }

    public async ValueTask<int> ImportAsync(Stream outcomesJsonl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcomesJsonl);
        var outcomes = await OutcomeLines.ReadAsync(outcomesJsonl, name => _resolve(name).Key, cancellationToken).ConfigureAwait(false);
        await _store.AddAsync(outcomes, cancellationToken).ConfigureAwait(false);
        return outcomes.Count;
    }
}
