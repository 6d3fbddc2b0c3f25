using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>One model's answer to a prompt sent to several models by <see cref="ILlmRouter.CompareAsync"/>.</summary>
/// <param name="Model">The model key.</param>
/// <param name="Response">Its response, or <see langword="null"/> when it failed.</param>
/// <param name="Error">Its failure, or <see langword="null"/>.</param>
/// <param name="Duration">How long it took.</param>
/// <param name="Cost">What it cost in USD.</param>
public sealed record ModelComparison(string Model, ChatResponse? Response, LlmException? Error, TimeSpan Duration, decimal Cost);
