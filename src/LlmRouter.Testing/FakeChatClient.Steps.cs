using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LlmRouter.Testing;

// How scripted steps become responses and streams, and the step types themselves.
public sealed partial class FakeChatClient
{
    private static IReadOnlyList<ChatMessage> CopyMessages(IEnumerable<ChatMessage> messages)
    {
        var copy = new List<ChatMessage>();
        foreach (var message in messages)
        {
            ArgumentNullException.ThrowIfNull(message, nameof(messages));
            var clone = message.Clone();
            clone.Contents = [.. message.Contents];
            clone.AdditionalProperties = message.AdditionalProperties?.Clone();
            copy.Add(clone);
        }

        return copy.AsReadOnly();
    }

    private static List<string> SplitForStreaming(string text, int? chunkSize)
    {
        var chunks = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            int end;
            if (chunkSize is > 0)
            {
                end = Math.Min(start + chunkSize.Value, text.Length);
                if (end < text.Length && char.IsHighSurrogate(text[end - 1]))
                {
                    end++; // never split a surrogate pair
                }
            }
            else
            {
                end = start;
                while (end < text.Length && !char.IsWhiteSpace(text[end]))
                {
                    end++;
                }

                while (end < text.Length && char.IsWhiteSpace(text[end]))
                {
                    end++;
                }
            }

            chunks.Add(text[start..end]);
            start = end;
        }

        return chunks;
    }

    private string DefaultText(IReadOnlyList<ChatMessage> messages)
    {
        if (DefaultResponse is { } text)
        {
            return text;
        }

        var lastUser = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text;
        if (string.IsNullOrWhiteSpace(lastUser))
        {
            return "fake response";
        }

        lastUser = lastUser.Trim();
        return lastUser.Length <= EchoLength
            ? $"fake response to: {lastUser}"
            : $"fake response to: {lastUser[..EchoLength]}…";
    }

    private FakeChatClient Enqueue(Step step)
    {
        lock (_gate)
        {
            _script.Enqueue(step);
        }

        return this;
    }

    private Call Begin(IReadOnlyList<ChatMessage> messages, ChatOptions? options, bool isStreaming)
    {
        var now = TimeProvider.GetUtcNow();
        var delay = Latency;
        Step? step = null;
        int number;
        lock (_gate)
        {
            _requests.Add(new FakeChatRequest(messages, options?.Clone(), isStreaming, now));
            number = ++_callNumber;
            while (_script.TryDequeue(out var next))
            {
                if (next is DelayStep wait)
                {
                    delay += wait.Delay;
                    continue;
                }

                step = next;
                break;
            }

            step ??= _alwaysFail;
        }

        var model = string.IsNullOrWhiteSpace(options?.ModelId) ? ModelId : options.ModelId;
        var promptChars = FakeTokenCounter.PromptChars(messages, options);
        return new Call(number, messages, model, promptChars, now, delay, step);
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private LlmException Failure(Call call, LlmErrorKind kind, TimeSpan? retryAfter, string? message) =>
        FakeErrors.Create(kind, ProviderName, call.Model, retryAfter, message);

    private ChatResponse TextResponse(Call call, string text, UsageDetails? usage) =>
        new(new ChatMessage(ChatRole.Assistant, text) { MessageId = call.MessageId, CreatedAt = call.Now })
        {
            ResponseId = call.ResponseId,
            ModelId = call.Model,
            CreatedAt = call.Now,
            FinishReason = ChatFinishReason.Stop,
            Usage = usage is null ? FakeTokenCounter.Usage(call.PromptChars, text.Length) : FakeTokenCounter.Copy(usage),
        };

    private ChatResponse ToolCallResponse(Call call, ToolCallStep step) =>
        new(new ChatMessage(ChatRole.Assistant, [ToolCallContent(step)]) { MessageId = call.MessageId, CreatedAt = call.Now })
        {
            ResponseId = call.ResponseId,
            ModelId = call.Model,
            CreatedAt = call.Now,
            FinishReason = ChatFinishReason.ToolCalls,
            Usage = FakeTokenCounter.Usage(call.PromptChars, ToolCallChars(step)),
        };

    private static FunctionCallContent ToolCallContent(ToolCallStep step) =>
        new(step.CallId, step.Name, new Dictionary<string, object?>(step.Arguments, StringComparer.Ordinal));

    private static long ToolCallChars(ToolCallStep step)
    {
        long chars = step.Name.Length;
        foreach (var (key, value) in step.Arguments)
        {
            chars += key.Length + (value?.ToString()?.Length ?? 4);
        }

        return chars;
    }

    private ChatResponseUpdate Update(Call call, IList<AIContent> contents, ChatFinishReason? finishReason = null) =>
        new(ChatRole.Assistant, contents)
        {
            ResponseId = call.ResponseId,
            MessageId = call.MessageId,
            ModelId = call.Model,
            CreatedAt = call.Now,
            FinishReason = finishReason,
        };

    private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(
        IReadOnlyList<ChatMessage> messages,
        ChatOptions? options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var call = Begin(messages, options, isStreaming: true);
        await WaitAsync(call.Delay, cancellationToken).ConfigureAwait(false);

        switch (call.Step)
        {
            case PreparedStep s:
                foreach (var update in s.Response.ToChatResponseUpdates())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return update;
                }

                yield break;

            case ToolCallStep s:
                yield return Update(call, [ToolCallContent(s)]);
                cancellationToken.ThrowIfCancellationRequested();
                yield return Update(call, [new UsageContent(FakeTokenCounter.Usage(call.PromptChars, ToolCallChars(s)))], ChatFinishReason.ToolCalls);
                yield break;

            case FailureStep s:
                throw Failure(call, s.Kind, s.RetryAfter, s.Message);

            case ExceptionStep s:
                throw s.Exception;

            case StreamFailureStep s:
                var partial = SplitForStreaming(s.Text, StreamChunkSize);
                for (var i = 0; i < Math.Min(s.Updates, partial.Count); i++)
                {
                    yield return Update(call, [new TextContent(partial[i])]);
                    cancellationToken.ThrowIfCancellationRequested();
                }

                throw Failure(call, s.Kind, null, null);
        }

        var (text, usage) = call.Step is TextStep t ? (t.Text, t.Usage) : (DefaultText(messages), null);
        foreach (var chunk in SplitForStreaming(text, StreamChunkSize))
        {
            yield return Update(call, [new TextContent(chunk)]);
            cancellationToken.ThrowIfCancellationRequested();
        }

        var finalUsage = usage is null ? FakeTokenCounter.Usage(call.PromptChars, text.Length) : FakeTokenCounter.Copy(usage);
        yield return Update(call, [new UsageContent(finalUsage)], ChatFinishReason.Stop);
    }

    private sealed record Call(int Number, IReadOnlyList<ChatMessage> Messages, string Model, long PromptChars, DateTimeOffset Now, TimeSpan Delay, Step? Step)
    {
        public string ResponseId => $"fake-resp-{Number}";

        public string MessageId => $"fake-msg-{Number}";
    }

    private abstract record Step;

    private sealed record TextStep(string Text, UsageDetails? Usage) : Step;

    private sealed record PreparedStep(ChatResponse Response) : Step;

    private sealed record FailureStep(LlmErrorKind Kind, TimeSpan? RetryAfter, string? Message) : Step;

    private sealed record ExceptionStep(Exception Exception) : Step;

    private sealed record StreamFailureStep(int Updates, string Text, LlmErrorKind Kind) : Step;

    private sealed record ToolCallStep(string Name, IReadOnlyDictionary<string, object?> Arguments, string CallId) : Step;

    private sealed record DelayStep(TimeSpan Delay) : Step;
}
