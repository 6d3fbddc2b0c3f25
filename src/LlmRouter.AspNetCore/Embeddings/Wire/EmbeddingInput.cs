namespace LlmRouter.AspNetCore;

/// <summary>An embedding request's <c>input</c>: one text or several; token arrays are recognised only to be refused.</summary>
/// <param name="Texts">The texts, or <see langword="null"/> when the input was token ids.</param>
/// <param name="HasTokenIds">Whether the input held token ids, which a gateway over many providers cannot pass on.</param>
internal sealed record EmbeddingInput(List<string>? Texts, bool HasTokenIds);
