using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Testing.Tests;

// Streaming: text, chunking, final usage update, failures after N updates.
public sealed partial class FakeChatClientTests
{
    [Fact]
    public async Task FakeChatClient_StreamingTextEqualsNonStreamingText()
    {
        const string text = "The quick brown fox jumps over the lazy dog.\nTwice,  with spaces.";
        using var client = new FakeChatClient();
        client.EnqueueResponse(text).EnqueueResponse(text);

        var plain = await client.GetResponseAsync(Hello);
        var updates = await ToListAsync(client.GetStreamingResponseAsync(Hello));
        var streamed = updates.ToChatResponse();

        Assert.Equal(text, plain.Text);
        Assert.Equal(plain.Text, streamed.Text);
        Assert.True(updates.Count > 3, "the text is streamed in several updates");
        Assert.Equal(plain.Usage?.InputTokenCount, streamed.Usage?.InputTokenCount);
        Assert.Equal(plain.Usage?.OutputTokenCount, streamed.Usage?.OutputTokenCount);
        Assert.Single(streamed.Messages);
    }

    [Fact]
    public async Task FakeChatClient_DefaultResponseStreamsToTheSameText()
    {
        using var client = new FakeChatClient();

        var plain = await client.GetResponseAsync(Hello);
        var streamed = await client.GetStreamingResponseAsync(Hello).ToChatResponseAsync();

        Assert.Equal(plain.Text, streamed.Text);
    }

    [Fact]
    public async Task FakeChatClient_StreamChunkSizeSplitsByCharacters()
    {
        using var client = new FakeChatClient { StreamChunkSize = 3 };
        client.EnqueueResponse("abcdefgh");

        var texts = (await ToListAsync(client.GetStreamingResponseAsync(Hello)))
            .Select(u => u.Text).Where(t => t.Length > 0).ToList();

        Assert.Equal(["abc", "def", "gh"], texts);
    }

    [Fact]
    public async Task FakeChatClient_StreamUpdatesLookLikeARealProvider()
    {
        using var client = new FakeChatClient("m1");
        client.EnqueueResponse("one two three");

        var updates = await ToListAsync(client.GetStreamingResponseAsync(Hello));

        Assert.All(updates, u =>
        {
            Assert.Equal(ChatRole.Assistant, u.Role);
            Assert.Equal("m1", u.ModelId);
            Assert.Equal(updates[0].ResponseId, u.ResponseId);
            Assert.Equal(updates[0].MessageId, u.MessageId);
        });
        Assert.NotNull(updates[0].ResponseId);
        Assert.NotNull(updates[0].MessageId);
        Assert.All(updates.SkipLast(1), u => Assert.Null(u.FinishReason));
    }

    [Fact]
    public async Task FakeChatClient_FinalStreamUpdateHasUsageContentAndStop()
    {
        using var client = new FakeChatClient();
        client.EnqueueResponse("one two three");

        var updates = await ToListAsync(client.GetStreamingResponseAsync(Hello));
        var last = updates[^1];

        var usage = Assert.IsType<UsageContent>(Assert.Single(last.Contents));
        Assert.Equal(ChatFinishReason.Stop, last.FinishReason);
        Assert.Equal(4, usage.Details.OutputTokenCount); // 13 chars
        Assert.Equal(8, usage.Details.InputTokenCount);  // 31 chars
        Assert.DoesNotContain(updates.SkipLast(1), u => u.Contents.OfType<UsageContent>().Any());
    }

    [Fact]
    public async Task FakeChatClient_StreamFailureAfterNUpdatesThrowsAfterThem()
    {
        using var client = new FakeChatClient("m1");
        client.EnqueueStreamFailureAfter(2, "alpha beta gamma delta", LlmErrorKind.Unavailable);

        var received = new List<ChatResponseUpdate>();
        var ex = await Assert.ThrowsAsync<LlmException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Hello))
            {
                received.Add(update);
            }
        });

        Assert.Equal(LlmErrorKind.Unavailable, ex.Kind);
        Assert.Equal("m1", ex.Model);
        Assert.Equal(2, received.Count);
        Assert.Equal("alpha beta ", string.Concat(received.Select(u => u.Text)));
    }

    [Fact]
    public async Task FakeChatClient_StreamFailureAfterZeroUpdatesFailsBeforeTheFirst()
    {
        using var client = new FakeChatClient();
        client.EnqueueStreamFailureAfter(0, "alpha beta", LlmErrorKind.RateLimited);

        var received = 0;
        var ex = await Assert.ThrowsAsync<LlmException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync(Hello))
            {
                received++;
            }
        });

        Assert.Equal(LlmErrorKind.RateLimited, ex.Kind);
        Assert.Equal(0, received);
    }

    [Fact]
    public async Task FakeChatClient_StreamFailureStepFailsNonStreamingCallAtOnce()
    {
        using var client = new FakeChatClient();
        client.EnqueueStreamFailureAfter(3, "alpha beta gamma delta", LlmErrorKind.Timeout);

        var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
    }
}
