namespace LlmRouter;

/// <summary>One token of a prompt: where it is in the text and what it is.</summary>
/// <param name="Start">The index of its first character.</param>
/// <param name="Length">Its length in characters.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Magnitude">For a number, the digits of its integer part, capped at <see cref="HashingEmbeddingDefaults.MaxNumberMagnitude"/>; otherwise 0.</param>
/// <param name="HasFraction">For a number, whether it has a decimal part.</param>
internal readonly record struct PromptToken(int Start, int Length, PromptTokenKind Kind, int Magnitude = 0, bool HasFraction = false);
