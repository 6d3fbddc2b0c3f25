using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Testing.Tests;

public sealed partial class FakeChatClientTests
{
    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "Hello there, how are you today?")];

    [Fact]
    public async Task FakeChatClient_ConsumesScriptInOrder()
    {
        using var client = new FakeChatClient("m1");
        client.EnqueueResponse("one").EnqueueResponse("two").EnqueueResponse("three");

        Assert.Equal("one", (await client.GetResponseAsync(Hello)).Text);
        Assert.Equal("two", (await client.GetResponseAsync(Hello)).Text);
        Assert.Equal("three", (await client.GetResponseAsync(Hello)).Text);
        Assert.Equal(0, client.PendingStepCount);
    }

    [Fact]
    public async Task FakeChatClient_ScriptIsSharedBetweenStreamingAndNonStreaming()
    {
        using var client = new FakeChatClient();
        client.EnqueueResponse("first").EnqueueResponse("second");

        var streamed = await client.GetStreamingResponseAsync(Hello).ToChatResponseAsync();
        var plain = await client.GetResponseAsync(Hello);

        Assert.Equal("first", streamed.Text);
        Assert.Equal("second", plain.Text);
    }

    [Fact]
    public async Task FakeChatClient_ResponseCarriesModelUsageAndFinishReason()
    {
        using var client = new FakeChatClient("gpt-test");
        client.EnqueueResponse("abcdefgh"); // 8 chars -> 2 output tokens

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "0123456789")]); // 10 chars -> 3 input tokens

        Assert.Equal("gpt-test", response.ModelId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(3, response.Usage?.InputTokenCount);
        Assert.Equal(2, response.Usage?.OutputTokenCount);
        Assert.Equal(5, response.Usage?.TotalTokenCount);
        Assert.Equal(ChatRole.Assistant, Assert.Single(response.Messages).Role);
        Assert.NotNull(response.ResponseId);
    }

    [Fact]
    public async Task FakeChatClient_ScriptedUsageIsReturnedAsGiven()
    {
        using var client = new FakeChatClient();
        var usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 7, CachedInputTokenCount = 40, TotalTokenCount = 107 };
        client.EnqueueResponse("x", usage);
        usage.InputTokenCount = 999; // changing it after scripting does not change the script

        var response = await client.GetResponseAsync(Hello);

        Assert.Equal(100, response.Usage?.InputTokenCount);
        Assert.Equal(40, response.Usage?.CachedInputTokenCount);
        Assert.Equal(7, response.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task FakeChatClient_OptionsModelIdOverridesDefaultModel()
    {
        using var client = new FakeChatClient("default-model");

        var response = await client.GetResponseAsync(Hello, new ChatOptions { ModelId = "other-model" });

        Assert.Equal("other-model", response.ModelId);
    }

    [Fact]
    public async Task FakeChatClient_PreparedResponseIsReturnedAsIs()
    {
        using var client = new FakeChatClient();
        var prepared = new ChatResponse(new ChatMessage(ChatRole.Assistant, "prepared")) { ModelId = "x" };
        client.EnqueueResponse(prepared);

        Assert.Same(prepared, await client.GetResponseAsync(Hello));
    }

    [Fact]
    public async Task FakeChatClient_PreparedResponseStreamsToTheSameTextAndUsage()
    {
        using var client = new FakeChatClient();
        client.EnqueueResponse(new ChatResponse(new ChatMessage(ChatRole.Assistant, "prepared text"))
        {
            Usage = new UsageDetails { InputTokenCount = 11, OutputTokenCount = 3 },
            FinishReason = ChatFinishReason.Length,
        });

        var streamed = await client.GetStreamingResponseAsync(Hello).ToChatResponseAsync();

        Assert.Equal("prepared text", streamed.Text);
        Assert.Equal(11, streamed.Usage?.InputTokenCount);
        Assert.Equal(ChatFinishReason.Length, streamed.FinishReason);
    }

    [Theory]
    [InlineData(LlmErrorKind.RateLimited, 429)]
    [InlineData(LlmErrorKind.QuotaExhausted, 429)]
    [InlineData(LlmErrorKind.Unavailable, 503)]
    [InlineData(LlmErrorKind.Timeout, 408)]
    [InlineData(LlmErrorKind.ContextTooLong, 400)]
    [InlineData(LlmErrorKind.Authentication, 401)]
    [InlineData(LlmErrorKind.ModelNotFound, 404)]
    [InlineData(LlmErrorKind.ContentFiltered, 400)]
    [InlineData(LlmErrorKind.InvalidRequest, 400)]
    [InlineData(LlmErrorKind.Unknown, 500)]
    [InlineData(LlmErrorKind.BudgetExceeded, null)]
    [InlineData(LlmErrorKind.StreamInterrupted, null)]
    public async Task FakeChatClient_EnqueueFailureThrowsLlmExceptionOfKind(LlmErrorKind kind, int? statusCode)
    {
        using var client = new FakeChatClient("m1") { ProviderName = "acme" };
        client.EnqueueFailure(kind);

        var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(kind, ex.Kind);
        Assert.Equal("acme", ex.Provider);
        Assert.Equal("m1", ex.Model);
        Assert.Equal(statusCode, ex.StatusCode);
        Assert.Null(ex.RetryAfter);
        Assert.Contains(kind.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Equal(kind is LlmErrorKind.RateLimited or LlmErrorKind.Unavailable or LlmErrorKind.Timeout, ex.IsTransient);
    }

    [Fact]
    public void FakeChatClient_EveryErrorKindIsCoveredByTheFailureTheory()
    {
        // Guards the theory above: a new LlmErrorKind must get a status code decision.
        Assert.Equal(12, Enum.GetValues<LlmErrorKind>().Length);
    }

    [Fact]
    public async Task FakeChatClient_EnqueueFailureCarriesRetryAfterAndMessage()
    {
        using var client = new FakeChatClient();
        client.EnqueueFailure(LlmErrorKind.RateLimited, TimeSpan.FromSeconds(42), "slow down");

        var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(TimeSpan.FromSeconds(42), ex.RetryAfter);
        Assert.Equal("slow down", ex.Message);
        Assert.Equal("fake", ex.Provider);
    }

    [Fact]
    public async Task FakeChatClient_FailureIsThrownFromStreamingToo()
    {
        using var client = new FakeChatClient();
        client.EnqueueFailure(LlmErrorKind.Authentication);

        var ex = await Assert.ThrowsAsync<LlmException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync(Hello))
            {
            }
        });

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
    }

    [Fact]
    public async Task FakeChatClient_EnqueueExceptionThrowsItAsIs()
    {
        using var client = new FakeChatClient();
        var boom = new HttpRequestException("connection reset");
        client.EnqueueException(boom);

        var thrown = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetResponseAsync(Hello));

        Assert.Same(boom, thrown);
    }

    [Fact]
    public async Task FakeChatClient_DelayWaitsOnFakeTimeProvider()
    {
        var time = new FakeTimeProvider();
        using var client = new FakeChatClient(timeProvider: time);
        client.EnqueueDelay(TimeSpan.FromSeconds(10)).EnqueueResponse("late");

        var pending = client.GetResponseAsync(Hello);
        Assert.False(pending.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(pending.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));
        var response = await pending.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("late", response.Text);
        Assert.Equal(1, client.CallCount); // a delay is not a call
    }

    [Fact]
    public async Task FakeChatClient_DelayHonoursCancellation()
    {
        var time = new FakeTimeProvider();
        using var client = new FakeChatClient(timeProvider: time);
        client.EnqueueDelay(TimeSpan.FromMinutes(1)).EnqueueResponse("never");
        using var cts = new CancellationTokenSource();

        var pending = client.GetResponseAsync(Hello, cancellationToken: cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task FakeChatClient_StreamingDelayWaitsOnFakeTimeProvider()
    {
        var time = new FakeTimeProvider();
        using var client = new FakeChatClient(timeProvider: time);
        client.EnqueueDelay(TimeSpan.FromSeconds(3)).EnqueueResponse("late stream");

        await using var enumerator = client.GetStreamingResponseAsync(Hello).GetAsyncEnumerator();
        var first = enumerator.MoveNextAsync().AsTask();
        Assert.False(first.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(3));

        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("late ", enumerator.Current.Text);
    }

    [Fact]
    public async Task FakeChatClient_LatencyAppliesToEveryCall()
    {
        var time = new FakeTimeProvider();
        using var client = new FakeChatClient(timeProvider: time) { Latency = TimeSpan.FromMilliseconds(200) };

        var pending = client.GetResponseAsync(Hello);
        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(200));

        await pending.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task FakeChatClient_AlreadyCancelledCallIsNotRecordedAndConsumesNothing()
    {
        using var client = new FakeChatClient();
        client.EnqueueResponse("kept");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync(Hello, cancellationToken: cts.Token));

        Assert.Equal(0, client.CallCount);
        Assert.Equal("kept", (await client.GetResponseAsync(Hello)).Text);
    }

    [Fact]
    public async Task FakeChatClient_RecordsRequestsAsCopies()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        using var client = new FakeChatClient(timeProvider: time);
        var history = new List<ChatMessage> { new(ChatRole.System, "be brief"), new(ChatRole.User, "question") };
        var options = new ChatOptions { Temperature = 0.5f, StopSequences = ["END"] };

        await client.GetResponseAsync(history, options);
        history.Add(new ChatMessage(ChatRole.User, "added later"));
        history[1].Contents.Add(new TextContent(" mutated"));
        options.Temperature = 1.5f;
        options.StopSequences.Add("MORE");

        var request = Assert.Single(client.Requests);
        Assert.Equal(2, request.Messages.Count);
        Assert.Equal("question", request.Messages[1].Text);
        Assert.Equal("question", request.LastUserText);
        Assert.Equal(0.5f, request.Options?.Temperature);
        Assert.Equal(["END"], request.Options?.StopSequences);
        Assert.False(request.IsStreaming);
        Assert.Equal(time.GetUtcNow(), request.Timestamp);
        Assert.Equal(1, client.CallCount);
    }

    [Fact]
    public async Task FakeChatClient_RecordsStreamingCalls()
    {
        using var client = new FakeChatClient();

        await client.GetStreamingResponseAsync(Hello).ToChatResponseAsync();

        Assert.True(Assert.Single(client.Requests).IsStreaming);
    }

    [Fact]
    public async Task FakeChatClient_EnqueueToolCallReturnsFunctionCallContent()
    {
        using var client = new FakeChatClient();
        var arguments = new Dictionary<string, object?> { ["city"] = "Oslo", ["days"] = 3 };
        client.EnqueueToolCall("get_weather", arguments, "call-7");
        arguments["city"] = "Bergen"; // the script holds a copy

        var response = await client.GetResponseAsync(Hello);

        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(Assert.Single(response.Messages).Contents));
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("call-7", call.CallId);
        Assert.Equal("Oslo", call.Arguments?["city"]);
        Assert.Equal(3, call.Arguments?["days"]);
        Assert.NotNull(response.Usage);
    }

    [Fact]
    public async Task FakeChatClient_StreamedToolCallHasFunctionCallContentAndToolCallsFinish()
    {
        using var client = new FakeChatClient();
        client.EnqueueToolCall("lookup", new Dictionary<string, object?> { ["q"] = "x" });

        var response = await client.GetStreamingResponseAsync(Hello).ToChatResponseAsync();

        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("lookup", call.Name);
        Assert.Equal("call_1", call.CallId);
        Assert.NotNull(response.Usage);
    }

    [Fact]
    public async Task FakeChatClient_DefaultResponseEchoesLastUserText()
    {
        using var client = new FakeChatClient();

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "What is 2+2?")]);

        Assert.Equal("fake response to: What is 2+2?", response.Text);
        Assert.True(response.Usage?.InputTokenCount > 0);
        Assert.True(response.Usage?.OutputTokenCount > 0);
    }

    [Fact]
    public async Task FakeChatClient_DefaultResponseTruncatesLongPrompts()
    {
        using var client = new FakeChatClient();

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, new string('a', 500))]);

        Assert.Equal("fake response to: " + new string('a', 40) + "…", response.Text);
    }

    [Fact]
    public async Task FakeChatClient_DefaultResponseIsSettable()
    {
        using var client = new FakeChatClient { DefaultResponse = "always this" };

        Assert.Equal("always this", (await client.GetResponseAsync(Hello)).Text);
        Assert.Equal("always this", (await client.GetResponseAsync(Hello)).Text);
    }

    [Fact]
    public async Task FakeChatClient_AlwaysFailFailsEveryCallUntilReset()
    {
        using var client = new FakeChatClient();
        client.EnqueueResponse("dropped").AlwaysFail(LlmErrorKind.Unavailable, TimeSpan.FromSeconds(1));

        for (var i = 0; i < 3; i++)
        {
            var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetResponseAsync(Hello));
            Assert.Equal(LlmErrorKind.Unavailable, ex.Kind);
            Assert.Equal(TimeSpan.FromSeconds(1), ex.RetryAfter);
        }

        client.Reset();

        Assert.Equal(0, client.CallCount);
        Assert.StartsWith("fake response to:", (await client.GetResponseAsync(Hello)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FakeChatClient_ParallelCallersConsumeEachScriptedItemOnce()
    {
        const int callers = 16;
        using var client = new FakeChatClient();
        for (var i = 0; i < callers; i++)
        {
            client.EnqueueResponse($"item-{i}");
        }

        using var start = new ManualResetEventSlim();
        var texts = new ConcurrentBag<string>();
        var tasks = Enumerable.Range(0, callers).Select(i => Task.Run(async () =>
        {
            start.Wait();
            var text = i % 2 == 0
                ? (await client.GetResponseAsync(Hello)).Text
                : (await client.GetStreamingResponseAsync(Hello).ToChatResponseAsync()).Text;
            texts.Add(text);
        })).ToArray();
        start.Set();
        await Task.WhenAll(tasks);

        Assert.Equal(Enumerable.Range(0, callers).Select(i => $"item-{i}").Order(), texts.Order());
        Assert.Equal(callers, client.CallCount);
        Assert.Equal(0, client.PendingStepCount);
    }

    [Fact]
    public void FakeChatClient_MetadataAndGetServiceFollowConvention()
    {
        using var client = new FakeChatClient("m1");

        Assert.Equal("fake", client.Metadata.ProviderName);
        Assert.Equal("m1", client.Metadata.DefaultModelId);
        Assert.Same(client.Metadata, client.GetService<ChatClientMetadata>());
        Assert.Same(client, client.GetService<FakeChatClient>());
        Assert.Same(client, client.GetService<IChatClient>());
        Assert.Null(client.GetService<FakeChatClient>("some-key"));
        Assert.Null(client.GetService<string>());
    }

    [Fact]
    public void FakeChatClient_DefaultsModelIdWhenNoneGiven()
    {
        using var client = new FakeChatClient();

        Assert.Equal(FakeChatClient.DefaultModelId, client.ModelId);
    }

    private static async Task<List<ChatResponseUpdate>> ToListAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }
}
