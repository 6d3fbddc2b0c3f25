using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LlmRouter;

/// <summary>
/// Drops the oldest messages of a conversation until it fits a model's context window less the output reserved for the answer
/// (<see cref="LlmRouterOptions.ContextTrimming"/>), keeping the system messages, the last user message and every function call
/// together with its results (<see cref="MessageGroups"/>), and then the assistant's turns left first, so that what is sent opens
/// with a user message. Made only when trimming is on; the caller's list is never changed.
/// </summary>
internal sealed class ContextTrimmer
{
    private readonly TokenEstimator _estimator;
    private readonly int _reservedOutputTokens;
    private readonly ILogger _logger;

    public ContextTrimmer(TokenEstimator estimator, ContextTrimmingOptions options, ILogger logger)
    {
        _estimator = estimator;
        _reservedOutputTokens = options.ReservedOutputTokens;
        _logger = logger;
    }

    /// <summary>
    /// Gets the output kept free for the answer on a model: the request's <see cref="ChatOptions.MaxOutputTokens"/>, else
    /// <see cref="ContextTrimmingOptions.ReservedOutputTokens"/>; never more than the model's maximum output or half its window.
    /// </summary>
    public int Reserve(ModelDescriptor model, ChatOptions? options)
    {
        long reserve = options?.MaxOutputTokens is int requested && requested > 0 ? requested : _reservedOutputTokens;
        if (model.MaxOutputTokens > 0)
        {
            reserve = Math.Min(reserve, model.MaxOutputTokens);
        }

        if (model.ContextWindow > 0)
        {
            reserve = Math.Min(reserve, model.ContextWindow / 2);
        }

        return (int)reserve;
    }

    /// <summary>Gets the most tokens a trimmed prompt may take on a model: its window less <see cref="Reserve"/>; unbounded when the window is unknown.</summary>
    public int Room(ModelDescriptor model, ChatOptions? options) =>
        model.ContextWindow > 0 ? model.ContextWindow - Reserve(model, options) : int.MaxValue;

    /// <summary>Trims a conversation to a model's <see cref="Room"/>.</summary>
    /// <param name="messages">The conversation no planned model's window holds (not changed).</param>
    /// <param name="options">The request's options.</param>
    /// <param name="estimatedInputTokens">The request's estimate, for the message and the log.</param>
    /// <param name="model">The chosen model.</param>
    /// <returns>The trimmed conversation.</returns>
    /// <exception cref="LlmException"><see cref="LlmErrorKind.ContextTooLong"/> when the messages that must be kept do not fit on their own.</exception>
    public TrimmedConversation TrimFor(IReadOnlyList<ChatMessage> messages, ChatOptions? options, int estimatedInputTokens, ModelDescriptor model)
    {
        var room = Room(model, options);
        var trimmed = Trim(messages, options, room);
        if (!trimmed.Fits)
        {
            throw new LlmException(
                LlmErrorKind.ContextTooLong,
                $"The conversation (~{estimatedInputTokens} tokens) does not fit the context window of {model.Key} ({model.ContextWindow} tokens, "
                + $"{Reserve(model, options)} of them kept for the answer) even after dropping every message that may be dropped ({trimmed.Dropped}): the "
                + $"system messages, the last user message and the function calls and results that go with them take ~{trimmed.EstimatedInputTokens} "
                + "tokens on their own. It was not sent.")
            {
                Provider = model.Provider,
                Model = model.Id,
            };
        }

        RouterLog.Trimmed(_logger, trimmed.Dropped, messages.Count, estimatedInputTokens, trimmed.EstimatedInputTokens, model.Key, model.ContextWindow);
        return trimmed;
    }

    /// <summary>
    /// Trims a conversation a provider said was too long for its window although the estimate said it fit: to
    /// <see cref="LlmRouterDefaults.ContextTooLongRetryShare"/> of what the estimate said fits, or as far as it can be trimmed.
    /// </summary>
    /// <param name="messages">The conversation the provider refused (not changed).</param>
    /// <param name="options">The request's options.</param>
    /// <param name="model">The model that refused it.</param>
    /// <returns>The trimmed conversation, or <see langword="null"/> when no message can be dropped.</returns>
    public TrimmedConversation? TrimAfterRefusal(IReadOnlyList<ChatMessage> messages, ChatOptions? options, ModelDescriptor model)
    {
        var estimatedInputTokens = _estimator.Estimate(messages, options); // the request may carry a bound instead (RoutedRequest)
        var limit = (int)(Math.Min(estimatedInputTokens, Room(model, options)) * LlmRouterDefaults.ContextTooLongRetryShare);
        var trimmed = Trim(messages, options, limit);
        if (trimmed.Dropped == 0)
        {
            return null;
        }

        RouterLog.Trimmed(_logger, trimmed.Dropped, messages.Count, estimatedInputTokens, trimmed.EstimatedInputTokens, model.Key, model.ContextWindow);
        return trimmed;
    }

    /// <summary>
    /// Drops the oldest droppable messages (a function call with its results at once) until the request's estimate is at most
    /// <paramref name="limit"/>, or nothing more may be dropped.
    /// </summary>
    /// <param name="messages">The conversation (not changed).</param>
    /// <param name="options">The request's options (their instructions and tools count too).</param>
    /// <param name="limit">The most tokens the request may take.</param>
    /// <returns>The conversation kept, its estimate, how many messages were dropped and whether it fits.</returns>
    public TrimmedConversation Trim(IReadOnlyList<ChatMessage> messages, ChatOptions? options, int limit)
    {
        var count = messages.Count;
        var sizes = new int[count];
        long total = _estimator.Request(options);
        for (var i = 0; i < count; i++)
        {
            sizes[i] = _estimator.Message(messages[i]);
            total += sizes[i];
        }

        if (total <= limit)
        {
            return new TrimmedConversation(messages, (int)total, 0, Fits: true);
        }

        var groupOf = new int[count];
        var kept = new bool[count];
        MessageGroups.Find(messages, groupOf, kept);
        var dropped = new bool[count];
        var droppedCount = 0;
        for (var first = 0; first < count && total > limit; first++)
        {
            if (groupOf[first] != first || kept[first])
            {
                continue; // not the first message of its group (dropped with it already), or a group that stays
            }

            for (var j = first; j < count; j++)
            {
                if (groupOf[j] == first)
                {
                    dropped[j] = true;
                    droppedCount++;
                    total -= sizes[j];
                }
            }
        }

        if (droppedCount == 0)
        {
            return new TrimmedConversation(messages, (int)Math.Min(total, int.MaxValue), 0, Fits: false);
        }

        // After its instructions, a trimmed conversation opens with a user message, not with an answer whose question was
        // dropped: Anthropic and Gemini refuse a conversation that opens with the assistant's turn.
        for (var i = 0; i < count; i++)
        {
            if (dropped[i] || MessageGroups.IsSystem(messages[i].Role))
            {
                continue;
            }

            if (messages[i].Role == ChatRole.User || kept[groupOf[i]])
            {
                break;
            }

            for (var j = groupOf[i]; j < count; j++)
            {
                if (groupOf[j] == groupOf[i] && !dropped[j])
                {
                    dropped[j] = true;
                    droppedCount++;
                    total -= sizes[j];
                }
            }
        }

        var result = new List<ChatMessage>(count - droppedCount);
        for (var i = 0; i < count; i++)
        {
            if (!dropped[i])
            {
                result.Add(messages[i]);
            }
        }

        return new TrimmedConversation(result, (int)Math.Min(total, int.MaxValue), droppedCount, Fits: total <= limit);
    }
}
