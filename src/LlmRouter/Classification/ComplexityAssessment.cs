namespace LlmRouter;

/// <summary>How hard a prompt is judged to be.</summary>
/// <param name="Score">From 0 (trivial) to 1 (hardest).</param>
/// <param name="TaskType">The kind of task.</param>
/// <param name="RecommendedTier">The tier that should answer.</param>
/// <param name="Signals">What the judgement rests on, for people (<c>long prompt</c>, <c>code block</c>, …).</param>
public sealed record ComplexityAssessment(double Score, TaskType TaskType, ModelTier RecommendedTier, IReadOnlyList<string> Signals);
