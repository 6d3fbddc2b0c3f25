using LlmRouter.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static LlmRouter.Tests.TestSupport.RouterHarness;

namespace LlmRouter.Tests.Router;

public class RouterChatClientStreamingTests
{
    private static ChatOptions Direct(ModelDescriptor model) => new() { ModelId = model.Key };

    private static async Task<List<ChatResponseUpdate>> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> stream)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var u in stream)
        {
            list.Add(u);
        }

        return list;
    }

    [Fact]
    public async Task RouterChatClient_Stream_PassesUpdatesThroughAndCarriesRouteInfoOnLastUpdate()
    {
        await using var h = Create();
        h.Fake(AlphaFast).EnqueueResponse("one two three", new UsageDetails { InputTokenCount = 1_000, OutputTokenCount = 100 });

        var updates = await CollectAsync(h.Client.GetStreamingResponseAsync(Prompt(), Direct(AlphaFast)));
        var response = updates.ToChatResponse();

        Assert.Equal("one two three", response.Text);
        Assert.NotNull(updates[^1].GetRouteInfo());
        var info = response.GetRouteInfo()!;
        Assert.Equal("a-fast", info.Model);
        Assert.Equal(AlphaFast.Pricing.CalculateCost(1_000, 100), info.Cost);
        Assert.Equal(1_000, response.Usage!.InputTokenCount);
    }

    [Fact]
    public async Task RouterChatClient_Stream_NamesTheAnsweringModelOnItsFirstUpdate()
    {
        await using var h = Create(o =>
        {
            o.Retry.MaxRetries = 0;
            o.FallbackChain.Add(BetaFast.Key);
        });
        h.Fake(AlphaFast).EnqueueFailure(LlmErrorKind.Unavailable);
        h.Fake(BetaFast).EnqueueResponse("fine");

        var updates = await CollectAsync(h.Client.GetStreamingResponseAsync(Prompt(), Direct(AlphaFast)));

        // Not the model first planned: the one whose stream started, after the failover.
        Assert.Equal(updates.ToChatResponse().GetRouteInfo()!.Model, updates[0].GetStreamModel()!.Id);
        Assert.Empty(updates[0].Contents);
        Assert.All(updates.Skip(1), u => Assert.Null(u.GetStreamModel()));
    }

    [Fact]
    public async Task RouterChatClient_StreamFailsBeforeFirstUpdate_FailsOver()
    {
        await using var h = Create(o =>
        {
            o.Retry.MaxRetries = 0;
            o.FallbackChain.Add(BetaFast.Key);
        });
        h.Fake(AlphaFast).EnqueueFailure(LlmErrorKind.Unavailable);
        h.Fake(BetaFast).EnqueueResponse("from beta");

        var updates = await CollectAsync(h.Client.GetStreamingResponseAsync(Prompt(), Direct(AlphaFast)));
        var response = updates.ToChatResponse();

        Assert.Equal("from beta", response.Text);
        var info = response.GetRouteInfo()!;
        Assert.Equal("beta", info.Provider);
        Assert.Equal(LlmErrorKind.Unavailable, info.Attempts[0].Error);
    }

    [Fact]
    public async Task RouterChatClient_StreamTransientFailureBeforeFirstUpdate_IsRetried()
    {
        await using var h = Create();
        h.Fake(AlphaFast).EnqueueFailure(LlmErrorKind.RateLimited).EnqueueResponse("second time");

        var updates = await h.RunAsync(CollectAsync(h.Client.GetStreamingResponseAsync(Prompt(), Direct(AlphaFast))));

        Assert.Equal("second time", updates.ToChatResponse().Text);
        Assert.Equal(2, h.Fake(AlphaFast).CallCount);
    }

    [Fact]
    public async Task RouterChatClient_StreamFailsAfterFirstUpdate_ThrowsStreamInterruptedWithPartialText()
    {
        await using var h = Create(o => o.FallbackChain.Add(BetaFast.Key));
        h.Fake(AlphaFast).EnqueueStreamFailureAfter(2, "one two three four");
        var received = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<LlmException>(async () =>
        {
            await foreach (var u in h.Client.GetStreamingResponseAsync(Prompt(), Direct(AlphaFast)))
            {
                received.Add(u);
            }
        });

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind);
        Assert.Equal(string.Concat(received.Select(u => u.Text)), ex.PartialText);
        Assert.False(string.IsNullOrEmpty(ex.PartialText));
        Assert.Equal(0, h.Fake(BetaFast).CallCount);
        var usage = await h.Usage.GetSummaryAsync();
        Assert.Equal(1, usage.Failed);
    }

    [Fact]
    public async Task RouterChatClient_CancelledStream_StillRecordsItsAttempt()
    {
        await using var h = Create();
        h.Fake(AlphaFast).EnqueueResponse("one two three four five six");
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var u in h.Client.GetStreamingResponseAsync(Prompt(), Direct(AlphaFast), cts.Token))
            {
                await cts.CancelAsync();
            }
        });

        var usage = await h.Usage.GetSummaryAsync();
        Assert.Equal(1, usage.Requests);
        Assert.Equal(1, usage.Failed);
    }

    [Fact]
    public async Task RouterChatClient_Stream_RecordsUsageAndTimeToFirstToken()
    {
        var store = new RecordingUsageStore();
        await using var h = Create(services: s => s.AddSingleton<IUsageStore>(store));
        h.Fake(AlphaFast).EnqueueResponse("a b c", new UsageDetails { InputTokenCount = 10, OutputTokenCount = 3, CachedInputTokenCount = 4, ReasoningTokenCount = 1 });

        await CollectAsync(h.Client.GetStreamingResponseAsync(Prompt(), Direct(AlphaFast)));

        var record = Assert.Single(store.Records);
        Assert.True(record.Success);
        Assert.Equal(10, record.InputTokens);
        Assert.Equal(3, record.OutputTokens);
        Assert.Equal(4, record.CachedInputTokens);
        Assert.Equal(1, record.ReasoningTokens);
        Assert.NotNull(record.TimeToFirstToken);
        Assert.Equal(1, record.Attempt);
    }

    [Fact]
    public async Task RouterChatClient_StreamOutlivingTheAttemptTimeout_IsNotCutAfterItsFirstUpdate()
    {
        await using var h = Create(o => o.AttemptTimeout = TimeSpan.FromSeconds(5));
        h.Fake(AlphaFast).EnqueueResponse("one two three");
        var texts = new List<string>();

        await foreach (var u in h.Client.GetStreamingResponseAsync(Prompt(), Direct(AlphaFast)))
        {
            texts.Add(u.Text);
            h.Time.Advance(TimeSpan.FromSeconds(30)); // the consumer is slow: far past the attempt timeout between updates
        }

        Assert.Equal("one two three", string.Concat(texts).Trim());
        var usage = await h.Usage.GetSummaryAsync();
        Assert.Equal(1, usage.Successful);
    }

    [Fact]
    public async Task RouterChatClient_StreamWithoutFirstUpdateWithinTheTimeout_FailsAsTimeoutAndFailsOver()
    {
        await using var h = Create(o =>
        {
            o.AttemptTimeout = TimeSpan.FromSeconds(5);
            o.Retry.MaxRetries = 0;
            o.FallbackChain.Add(BetaFast.Key);
        });
        h.Fake(AlphaFast).EnqueueDelay(TimeSpan.FromSeconds(60)).EnqueueResponse("too late");
        h.Fake(BetaFast).EnqueueResponse("in time");

        var updates = await h.RunAsync(CollectAsync(h.Client.GetStreamingResponseAsync(Prompt(), Direct(AlphaFast))));

        var info = updates.ToChatResponse().GetRouteInfo()!;
        Assert.Equal("b-fast", info.Model);
        Assert.Equal(LlmErrorKind.Timeout, info.Attempts[0].Error);
        Assert.InRange(info.Attempts[0].Duration, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5.5));
    }
}
