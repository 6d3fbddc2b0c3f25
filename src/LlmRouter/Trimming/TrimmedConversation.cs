using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>A conversation as <see cref="ContextTrimmer"/> left it.</summary>
/// <param name="Messages">The messages kept, in their order: the caller's own list when none was dropped, else a new one.</param>
/// <param name="EstimatedInputTokens">The estimate of the request with only those messages.</param>
/// <param name="Dropped">How many messages were dropped.</param>
/// <param name="Fits">Whether the estimate is within the limit asked for (dropping stops as soon as it is).</param>
internal readonly record struct TrimmedConversation(IReadOnlyList<ChatMessage> Messages, int EstimatedInputTokens, int Dropped, bool Fits);
