namespace LlmRouter;

/// <summary>One recorded outcome: how good one model's answer to a prompt was, and how long it was.</summary>
/// <param name="Prompt">The prompt the model answered.</param>
/// <param name="Model">The model's catalog key (<c>provider/id</c>).</param>
/// <param name="Quality">How good the answer was, from 0 (useless or wrong) to 1 (right).</param>
public sealed record RoutingOutcome(string Prompt, string Model, double Quality)
{
    /// <summary>Gets the answer's length in tokens, when known.</summary>
    public int? OutputTokens { get; init; }

    /// <summary>Gets where the prompt came from (for example <c>mmlu/anatomy</c>), when known.</summary>
    public string? Source { get; init; }
}
