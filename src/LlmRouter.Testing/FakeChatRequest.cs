using Microsoft.Extensions.AI;

namespace LlmRouter.Testing;

/// <summary>One call a <see cref="FakeChatClient"/> received, recorded as a copy so later changes by the caller do not show.</summary>
/// <param name="Messages">A copy of the messages passed (new list, new message objects, new content lists).</param>
/// <param name="Options">A clone of the options passed, or <see langword="null"/>.</param>
/// <param name="IsStreaming">Whether the call was <see cref="IChatClient.GetStreamingResponseAsync"/>.</param>
/// <param name="Timestamp">When the call started, by the client's <see cref="TimeProvider"/>.</param>
public sealed record FakeChatRequest(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options, bool IsStreaming, DateTimeOffset Timestamp)
{
    /// <summary>Gets the text of the last user message, or <see langword="null"/> when there is none.</summary>
    public string? LastUserText => Messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text;
}
