namespace LlmRouter;

/// <summary>
/// Tells the router how well models answered prompts, so that the <c>smart</c> strategy can predict which model is good
/// enough for a new prompt. Resolve it from the container after <c>AddLlmRouter()</c>.
/// </summary>
public interface IRoutingFeedback
{
    /// <summary>Records how well a model answered a prompt.</summary>
    /// <param name="prompt">The prompt.</param>
    /// <param name="model">The model's catalog key, id or alias.</param>
    /// <param name="quality">How good the answer was, from 0 to 1.</param>
    /// <param name="outputTokens">How long the answer was, in tokens.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the outcome is stored.</returns>
    /// <exception cref="ArgumentException">The prompt is empty, the quality is outside 0–1, or the token count is negative.</exception>
    /// <exception cref="LlmException"><see cref="LlmErrorKind.ModelNotFound"/>: the model is not in the catalog.</exception>
    ValueTask RecordAsync(string prompt, string model, double quality, int outputTokens, CancellationToken cancellationToken = default);

    /// <summary>
    /// Imports outcomes from JSON lines, one prompt a line: <c>{"id","source","prompt","scores":{"&lt;model&gt;":0..1,…}}</c>,
    /// optionally with <c>"outputTokens":{"&lt;model&gt;":n,…}</c>. Model names resolve through the catalog (declare others
    /// with <see cref="LlmRouterOptions.AdditionalModels"/>). The whole stream is checked before anything is stored.
    /// </summary>
    /// <param name="outcomesJsonl">The lines, UTF-8.</param>
    /// <param name="cancellationToken">Cancels the import.</param>
    /// <returns>How many outcomes (prompt × model) were added.</returns>
    /// <exception cref="InvalidDataException">A line is malformed or names an unknown model; the message names the line, and nothing was added.</exception>
    ValueTask<int> ImportAsync(Stream outcomesJsonl, CancellationToken cancellationToken = default);
}
