using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>
/// What a stream needs to be continued on a later route when it breaks after output reached the caller
/// (<see cref="LlmRouterOptions.ContinueOnStreamFailure"/>): the caller's request, the text sent so far and the id of the message the
/// caller is receiving. One per request, made only when the option is on, and handed from each broken stream to the next.
/// </summary>
internal sealed class StreamContinuation
{
    public StreamContinuation(in RoutedRequest request)
    {
        Request = request;
    }

    /// <summary>Gets the caller's request: a continuation starts again from its messages.</summary>
    public RoutedRequest Request { get; }

    /// <summary>Gets the text earlier streams of the request sent the caller; empty while the first stream runs.</summary>
    public string TextBefore { get; private set; } = string.Empty;

    /// <summary>Gets a value indicating whether the stream running now continues a broken one.</summary>
    public bool Resumed { get; private set; }

    /// <summary>Gets the id of the message the caller is receiving: the last one the first stream named.</summary>
    public string? MessageId { get; private set; }

    /// <summary>Marks that the stream broke after sending <paramref name="textSoFar"/> and goes on, on another route.</summary>
    /// <param name="textSoFar">Everything the caller has received.</param>
    public void Resume(string textSoFar)
    {
        TextBefore = textSoFar;
        Resumed = true;
    }

    /// <summary>
    /// Gets an update as the caller receives it. The first stream's updates pass as they are (their message id is noted); a
    /// continuation's become part of the message the broken stream began (a copy with its id, when they differ; the provider's update
    /// is never changed), so that <c>ToChatResponse()</c> joins the texts as one answer instead of two messages.
    /// </summary>
    /// <param name="update">An update of the stream running now.</param>
    /// <returns>The update to pass on.</returns>
    public ChatResponseUpdate Stamp(ChatResponseUpdate update)
    {
        if (!Resumed)
        {
            MessageId = update.MessageId ?? MessageId;
            return update;
        }

        if (string.Equals(update.MessageId, MessageId, StringComparison.Ordinal))
        {
            return update;
        }

        var copy = update.Clone();
        copy.MessageId = MessageId;
        return copy;
    }
}
