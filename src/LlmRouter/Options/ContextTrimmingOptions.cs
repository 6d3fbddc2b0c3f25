namespace LlmRouter;

/// <summary>
/// Whether and how the router drops the oldest messages of a conversation that no model's context window can hold
/// (<see cref="LlmRouterOptions.ContextTrimming"/>). Off by default.
/// </summary>
/// <remarks>
/// <para>
/// When on, and no candidate's window holds the conversation, the oldest messages are dropped until it fits the chosen model's window
/// less the output reserved (<see cref="ReservedOutputTokens"/>). Never dropped: a system message, the last user message, or a
/// function call without its results (a message holding a <see cref="Microsoft.Extensions.AI.FunctionCallContent"/> goes together with
/// the messages holding its <see cref="Microsoft.Extensions.AI.FunctionResultContent"/>, and the other way round). Dropping stops as soon
/// as the conversation fits. When the messages that must be kept do not fit on their own, the request fails with
/// <see cref="LlmErrorKind.ContextTooLong"/> before any call. The chosen model is the strategy's choice among the models whose window
/// holds the trimmed conversation (trimmed for the largest window among those that qualify otherwise), or the model
/// <see cref="Microsoft.Extensions.AI.ChatOptions.ModelId"/> names.
/// </para>
/// <para>
/// When a provider answers <see cref="LlmErrorKind.ContextTooLong"/> (the estimate was low) and no route with a larger window is left,
/// the conversation is trimmed to four fifths of what the estimate said fits and sent once more to that route. Both attempts are
/// recorded. <see cref="RouteInfo.TrimmedMessages"/> says how many messages were dropped. The caller's message list is never changed.
/// </para>
/// <para>When off, a conversation no candidate can hold fails with <see cref="LlmErrorKind.ContextTooLong"/> before any call.</para>
/// </remarks>
public sealed class ContextTrimmingOptions
{
    /// <summary>Gets or sets a value indicating whether conversations too long for every candidate's window are trimmed.</summary>
    /// <value><see langword="false"/>: such a conversation fails with <see cref="LlmErrorKind.ContextTooLong"/> before any call.</value>
    public bool Enabled { get; set; }

    /// <summary>
    /// Gets or sets the room kept for the answer when a conversation is trimmed to a window, in tokens, when the request does not set
    /// <see cref="Microsoft.Extensions.AI.ChatOptions.MaxOutputTokens"/> (which is kept instead).
    /// </summary>
    /// <value>
    /// 4,096. Must not be negative. Never more than the model's <see cref="ModelDescriptor.MaxOutputTokens"/> (when known) or half its
    /// context window.
    /// </value>
    public int ReservedOutputTokens { get; set; } = LlmRouterDefaults.ReservedOutputTokens;
}
