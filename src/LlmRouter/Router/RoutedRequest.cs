using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>One request as the router runs it: the caller's validated input, its hints and size, and its plan. Immutable.</summary>
/// <param name="Messages">The caller's messages (never changed).</param>
/// <param name="Options">The caller's options (never changed; each route gets a clone).</param>
/// <param name="Hints">The routing hints attached to <paramref name="Options"/>, or <see cref="RoutingHints.None"/>.</param>
/// <param name="EstimatedInputTokens">The prompt's estimated size (<see cref="TokenEstimator"/>), for context windows and routing.</param>
/// <param name="InputTokenBound">The most input tokens the prompt can be billed (<see cref="TokenBound"/>), for budget reservations; 0 without budgets.</param>
/// <param name="Plan">The models to try, in order.</param>
/// <param name="CancellationToken">The caller's token.</param>
internal readonly record struct RoutedRequest(
    IReadOnlyList<ChatMessage> Messages,
    ChatOptions? Options,
    RoutingHints Hints,
    int EstimatedInputTokens,
    long InputTokenBound,
    RoutePlan Plan,
    CancellationToken CancellationToken)
{
    /// <summary>Validates a request's messages before anything else happens: not null, not empty, no null message.</summary>
    /// <returns>The messages as a list (the caller's own list when it is one).</returns>
    public static IReadOnlyList<ChatMessage> ValidateMessages(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("A chat request needs at least one message.", nameof(messages));
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
            {
                throw new ArgumentException($"Message {i} is null.", nameof(messages));
            }
        }

        return list;
    }
}
