using Microsoft.Extensions.AI;

namespace LlmRouter.Cli.Commands.Chat;

/// <summary>A conversation with the router that keeps its history: each prompt is sent with every earlier question and answer.</summary>
/// <param name="chat">The router.</param>
/// <param name="options">The request options (a pinned model or a strategy), cloned for each request.</param>
/// <param name="time">The clock answers are timed on.</param>
internal sealed class ChatConversation(IChatClient chat, ChatOptions? options, TimeProvider time)
{
    private readonly List<ChatMessage> _history = [];

    /// <summary>Gets the conversation so far: questions and answers, oldest first.</summary>
    public IReadOnlyList<ChatMessage> History => _history;

    /// <summary>Sends a prompt with the history and streams the answer.</summary>
    /// <param name="prompt">The user's message.</param>
    /// <param name="onText">Called with each piece of the answer as it arrives.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The answer; it and the prompt join the history. A failed request leaves the history as it was.</returns>
    public async Task<ChatTurn> SendAsync(string prompt, Action<string> onText, CancellationToken cancellationToken)
    {
        var question = new ChatMessage(ChatRole.User, prompt);
        var messages = new List<ChatMessage>(_history.Count + 1);
        messages.AddRange(_history);
        messages.Add(question);
        var updates = new List<ChatResponseUpdate>();
        var start = time.GetTimestamp();
        await foreach (var update in chat.GetStreamingResponseAsync(messages, options?.Clone(), cancellationToken))
        {
            updates.Add(update);
            var text = update.Text;
            if (!string.IsNullOrEmpty(text))
            {
                onText(text);
            }
        }

        var duration = time.GetElapsedTime(start);
        var response = updates.ToChatResponse();
        _history.Add(question);
        _history.Add(new ChatMessage(ChatRole.Assistant, response.Text));
        return new ChatTurn(response.Text, response.GetRouteInfo(), response.Usage, duration);
    }

    /// <summary>Forgets the conversation.</summary>
    public void Reset() => _history.Clear();
}
