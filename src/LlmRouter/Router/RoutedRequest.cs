using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>One request as the router runs it: the caller's validated input, its hints and size, and its plan. Immutable.</summary>
/// <param name="Messages">The caller's messages (never changed), or what trimming kept of them.</param>
/// <param name="Options">The caller's options (never changed; each route gets a clone).</param>
/// <param name="Hints">The routing hints attached to <paramref name="Options"/>, or <see cref="RoutingHints.None"/>.</param>
/// <param name="EstimatedInputTokens">The prompt's estimated size (<see cref="TokenEstimator"/>), for context windows and routing. For a
/// request whose plan names its models, a cheap upper bound of it instead when that bound fits every planned window
/// (<see cref="TokenEstimator.QuickBound"/>): the only thing the estimate would be read for.</param>
/// <param name="InputTokenBound">The most input tokens the prompt can be billed (<see cref="TokenBound"/>), for budget reservations; 0 without budgets.</param>
/// <param name="Plan">The models to try, in order.</param>
/// <param name="CancellationToken">The caller's token.</param>
/// <param name="TrimmedMessages">How many of the caller's messages were dropped to fit a context window (<see cref="ContextTrimmer"/>):
/// <paramref name="Messages"/> is then a new list without them, and a route's window must hold the output reserved for the answer too.</param>
internal readonly record struct RoutedRequest(
    IReadOnlyList<ChatMessage> Messages,
    ChatOptions? Options,
    RoutingHints Hints,
    int EstimatedInputTokens,
    long InputTokenBound,
    RoutePlan Plan,
    CancellationToken CancellationToken,
    int TrimmedMessages = 0)
{
    /// <summary>Gets the request with a trimmed conversation; its estimate, budget bound and count of dropped messages follow.</summary>
    /// <param name="conversation">The conversation as trimmed from this request's.</param>
    /// <returns>The trimmed request.</returns>
    public RoutedRequest Trimmed(in TrimmedConversation conversation) => this with
    {
        Messages = conversation.Messages,
        EstimatedInputTokens = conversation.EstimatedInputTokens,
        InputTokenBound = InputTokenBound > 0 ? TokenBound.InputTokens(conversation.Messages, Options) : 0, // 0: no budget is set
        TrimmedMessages = TrimmedMessages + conversation.Dropped,
    };

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
