namespace LlmRouter;

/// <summary>
/// Counts the tokens of a text as a model's tokenizer would: the size the router checks context windows with, routes by, and trims
/// conversations to (<see cref="LlmRouterOptions.ContextTrimming"/>). Budgets do not use it: they reserve an upper bound of their own.
/// </summary>
/// <remarks>
/// The default is <see cref="HeuristicTokenCounter"/>, an estimate within 10 % of OpenAI's o200k tokenizer on English, code and
/// Chinese that costs well under a microsecond a kilobyte. Register another one (a real tokenizer, for instance) with
/// <c>AddLlmRouter().UseTokenCounter(…)</c>. The router adds the overheads of messages, images and tools itself. Called on every
/// request, for every piece of text, from many threads at once: an implementation must be thread-safe and should be fast.
/// </remarks>
public interface ITokenCounter
{
    /// <summary>Counts (or estimates) the tokens of a text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The number of tokens; 0 for an empty text.</returns>
    int CountTokens(ReadOnlySpan<char> text);
}
