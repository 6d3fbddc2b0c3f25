using LlmRouter.Tests.TestSupport;
using static LlmRouter.Tests.TestSupport.RouterHarness;

namespace LlmRouter.Tests.Router;

/// <summary>
/// <see cref="LlmRouterOptions.ContextTrimming"/> through the router: a conversation no candidate's window holds is trimmed to the
/// chosen model's window less the output reserved (4,096 here: the test models' maximum output), before any call; a provider's
/// ContextTooLong is answered by trimming and one more try.
/// </summary>
public class RouterChatClientContextTrimmingTests
{
    private const string LastQuestion = "So which island should I visit first?";
    private const int Reserved = 4_096;

    private static readonly TokenEstimator Estimator = TokenEstimator.Default;

    /// <summary>A system message, 20 turns of about 2,000 tokens each (about 41,000 in all: more than a-fast's 16,000 and b-fast's 32,000), and a short question.</summary>
    private static List<ChatMessage> LongConversation(int turns = 20, int sentences = 120)
    {
        List<ChatMessage> messages = [new(ChatRole.System, "You are a helpful travel assistant.")];
        for (var i = 0; i < turns; i++)
        {
            var text = $"Turn {i}: " + string.Concat(Enumerable.Repeat("The ferry left the harbour a little after seven, when the fog was still low. ", sentences));
            messages.Add(new ChatMessage(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, text));
        }

        messages.Add(new ChatMessage(ChatRole.User, LastQuestion));
        return messages;
    }

    /// <summary>How many of the oldest turns must go for the conversation to fit <paramref name="room"/> tokens (system and last question stay).</summary>
    private static int TurnsToDropForSize(List<ChatMessage> messages, int room)
    {
        var total = Estimator.Estimate(messages, null);
        var dropped = 0;
        while (total > room)
        {
            total -= Estimator.Message(messages[1 + dropped]);
            dropped++;
        }

        return dropped;
    }

    /// <summary>Those, and then an assistant's turn left first, so that what is sent opens with a question.</summary>
    private static int TurnsToDrop(List<ChatMessage> messages, int room)
    {
        var dropped = TurnsToDropForSize(messages, room);
        return messages[1 + dropped].Role == ChatRole.Assistant ? dropped + 1 : dropped;
    }

    private static RouterHarness CreateTrimming(Action<LlmRouterOptions>? configure = null) =>
        Create(o =>
        {
            o.ContextTrimming.Enabled = true;
            configure?.Invoke(o);
        });

    private static ChatOptions OnlyFastModels() => new ChatOptions().WithRouting(new RoutingHints { AllowedModels = [AlphaFast.Key, BetaFast.Key] });

    private static void AssertKeptSystemAndLastQuestion(IReadOnlyList<ChatMessage> sent)
    {
        Assert.Equal(ChatRole.System, sent[0].Role);
        Assert.Equal(LastQuestion, sent[^1].Text);
    }

    [Fact]
    public async Task RouterChatClient_WithoutTrimming_ConversationNoWindowHolds_FailsWithContextTooLongBeforeAnyCall()
    {
        await using var h = Create();

        var ex = await Assert.ThrowsAsync<LlmException>(() => h.Client.GetResponseAsync(LongConversation(), OnlyFastModels()));

        Assert.Equal(LlmErrorKind.ContextTooLong, ex.Kind);
        Assert.Equal(0, h.Fake(AlphaFast).CallCount + h.Fake(BetaFast).CallCount);
    }

    [Fact]
    public async Task RouterChatClient_RoutedConversationNoWindowHolds_IsTrimmedToTheLargestWindowUntilItFits()
    {
        await using var h = CreateTrimming();
        h.Fake(BetaFast).EnqueueResponse("Start with the northern one.");
        var messages = LongConversation();
        var before = messages.ToArray();
        var expected = TurnsToDrop(messages, BetaFast.ContextWindow - Reserved);

        var response = await h.Client.GetResponseAsync(messages, OnlyFastModels());

        var info = response.GetRouteInfo()!;
        Assert.Equal(BetaFast.Id, info.Model);
        Assert.Equal(expected, info.TrimmedMessages);
        Assert.Contains($"{expected} oldest messages dropped", info.Reason, StringComparison.Ordinal);
        var sent = h.Fake(BetaFast).Requests.Single().Messages;
        Assert.Equal(messages.Count - expected, sent.Count);
        AssertKeptSystemAndLastQuestion(sent);
        Assert.Equal(messages[1 + expected].Text, sent[1].Text); // the oldest turns went first
        Assert.Equal(ChatRole.User, sent[1].Role); // a question opens what is sent
        Assert.True(Estimator.Estimate(sent, null) <= BetaFast.ContextWindow - Reserved);
        var forSize = TurnsToDropForSize(messages, BetaFast.ContextWindow - Reserved);
        Assert.True(Estimator.Estimate([messages[0], .. messages.Skip(forSize)], null) > BetaFast.ContextWindow - Reserved); // no more than needed
        Assert.Equal(before, messages); // the caller's list is untouched
        Assert.Equal(0, h.Fake(AlphaFast).CallCount);
    }

    [Fact]
    public async Task RouterChatClient_DirectModelTooSmall_IsTrimmedToItsWindowLessTheReservedOutput()
    {
        await using var h = CreateTrimming(o => o.ContextTrimming.ReservedOutputTokens = 1_000);
        var messages = LongConversation();

        var response = await h.Client.GetResponseAsync(messages, new ChatOptions { ModelId = AlphaFast.Key });

        var info = response.GetRouteInfo()!;
        Assert.Equal(TurnsToDrop(messages, AlphaFast.ContextWindow - 1_000), info.TrimmedMessages);
        var sent = h.Fake(AlphaFast).Requests.Single().Messages;
        AssertKeptSystemAndLastQuestion(sent);
        Assert.Equal(ChatRole.User, sent[1].Role);
        Assert.InRange(Estimator.Estimate(sent, null), AlphaFast.ContextWindow - 1_000 - (2 * Estimator.Message(messages[1])), AlphaFast.ContextWindow - 1_000);
    }

    [Fact]
    public async Task RouterChatClient_RequestsMaxOutputTokens_IsTheOutputReserved()
    {
        await using var h = CreateTrimming();
        var messages = LongConversation();

        var response = await h.Client.GetResponseAsync(messages, new ChatOptions { ModelId = AlphaFast.Key, MaxOutputTokens = 500 });

        Assert.Equal(TurnsToDrop(messages, AlphaFast.ContextWindow - 500), response.GetRouteInfo()!.TrimmedMessages);
    }

    [Fact]
    public async Task RouterChatClient_ConversationSomeWindowHolds_IsNotTrimmed()
    {
        await using var h = CreateTrimming();
        var messages = LongConversation(turns: 4);

        var response = await h.Client.GetResponseAsync(messages, new ChatOptions { ModelId = AlphaFast.Key });

        Assert.Equal(0, response.GetRouteInfo()!.TrimmedMessages);
        Assert.Equal(messages.Count, h.Fake(AlphaFast).Requests.Single().Messages.Count);
    }

    [Fact]
    public async Task RouterChatClient_KeptMessagesLargerThanEveryWindow_FailWithContextTooLongBeforeAnyCall()
    {
        await using var h = CreateTrimming();
        var messages = LongConversation(turns: 3);
        messages[^1] = new ChatMessage(ChatRole.User, string.Concat(Enumerable.Repeat("Tell me about the islands in the north of the archipelago. ", 4_000)));

        var ex = await Assert.ThrowsAsync<LlmException>(() => h.Client.GetResponseAsync(messages, OnlyFastModels()));

        Assert.Equal(LlmErrorKind.ContextTooLong, ex.Kind);
        Assert.Contains("the last user message", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Fake(AlphaFast).CallCount + h.Fake(BetaFast).CallCount);
        Assert.Equal(0, (await h.Usage.GetSummaryAsync()).Requests);
    }

    [Fact]
    public async Task RouterChatClient_ProviderSaysContextTooLong_TrimsAndTriesOnceMore_RecordingBothAttempts()
    {
        await using var h = CreateTrimming();
        var fake = h.Fake(AlphaSmart);
        fake.EnqueueFailure(LlmErrorKind.ContextTooLong).EnqueueResponse("ok");
        var messages = LongConversation(); // ~41,000 tokens: the estimate says it fits a-smart's 200,000

        var response = await h.Client.GetResponseAsync(messages, new ChatOptions { ModelId = AlphaSmart.Key });

        Assert.Equal("ok", response.Text);
        Assert.Equal(2, fake.CallCount);
        var (first, second) = (fake.Requests[0].Messages, fake.Requests[1].Messages);
        Assert.Equal(messages.Count, first.Count);
        Assert.True(Estimator.Estimate(second, null) <= Estimator.Estimate(messages, null) * LlmRouterDefaults.ContextTooLongRetryShare);
        AssertKeptSystemAndLastQuestion(second);
        var info = response.GetRouteInfo()!;
        Assert.Equal(messages.Count - second.Count, info.TrimmedMessages);
        Assert.Equal([LlmErrorKind.ContextTooLong, null], info.Attempts.Select(a => a.Error));
        var usage = await h.Usage.GetSummaryAsync();
        Assert.Equal(2, usage.Requests);
        Assert.Equal(1, usage.Failed);
    }

    [Fact]
    public async Task RouterChatClient_ProviderSaysContextTooLongAgain_FailsAfterOneMoreTry()
    {
        await using var h = CreateTrimming();
        h.Fake(AlphaSmart).AlwaysFail(LlmErrorKind.ContextTooLong);

        var ex = await Assert.ThrowsAsync<AllRoutesFailedException>(() => h.Client.GetResponseAsync(LongConversation(), new ChatOptions { ModelId = AlphaSmart.Key }));

        Assert.Equal(2, h.Fake(AlphaSmart).CallCount);
        Assert.Equal([LlmErrorKind.ContextTooLong, LlmErrorKind.ContextTooLong], ex.Attempts.Select(a => a.Error));
        Assert.Equal(2, (await h.Usage.GetSummaryAsync()).Failed);
    }

    [Fact]
    public async Task RouterChatClient_ProviderSaysContextTooLongWithALargerWindowLeft_FallsBackUntrimmed()
    {
        await using var h = CreateTrimming(o => o.FallbackChain.Add(AlphaSmart.Key));
        h.Fake(BetaSmart).AlwaysFail(LlmErrorKind.ContextTooLong);
        var messages = LongConversation();

        var response = await h.Client.GetResponseAsync(messages, new ChatOptions { ModelId = BetaSmart.Key });

        Assert.Equal(AlphaSmart.Id, response.GetRouteInfo()!.Model);
        Assert.Equal(0, response.GetRouteInfo()!.TrimmedMessages);
        Assert.Equal(1, h.Fake(BetaSmart).CallCount);
        Assert.Equal(messages.Count, h.Fake(AlphaSmart).Requests.Single().Messages.Count);
    }

    [Fact]
    public async Task RouterChatClient_WithoutTrimming_ProviderSaysContextTooLong_IsNotTriedAgain()
    {
        await using var h = Create();
        h.Fake(AlphaSmart).EnqueueFailure(LlmErrorKind.ContextTooLong).EnqueueResponse("never");

        await Assert.ThrowsAnyAsync<LlmException>(() => h.Client.GetResponseAsync(LongConversation(), new ChatOptions { ModelId = AlphaSmart.Key }));

        Assert.Equal(1, h.Fake(AlphaSmart).CallCount);
    }

    [Fact]
    public async Task RouterChatClient_StreamedConversationNoWindowHolds_IsTrimmed_AndTheLastUpdateSaysHowMuch()
    {
        await using var h = CreateTrimming();
        h.Fake(BetaFast).EnqueueResponse("Start with the northern one.");
        var messages = LongConversation();
        var expected = TurnsToDrop(messages, BetaFast.ContextWindow - Reserved);

        var updates = await h.Client.GetStreamingResponseAsync(messages, OnlyFastModels()).ToListAsync();

        Assert.Equal("Start with the northern one.", updates.ToChatResponse().Text);
        Assert.Equal(expected, updates[^1].GetRouteInfo()!.TrimmedMessages);
        var sent = h.Fake(BetaFast).Requests.Single();
        Assert.True(sent.IsStreaming);
        Assert.Equal(messages.Count - expected, sent.Messages.Count);
        AssertKeptSystemAndLastQuestion(sent.Messages);
    }

    [Fact]
    public async Task RouterChatClient_StreamProviderSaysContextTooLong_TrimsAndTriesOnceMore()
    {
        await using var h = CreateTrimming();
        h.Fake(AlphaSmart).EnqueueFailure(LlmErrorKind.ContextTooLong).EnqueueResponse("streamed");
        var messages = LongConversation();

        var updates = await h.Client.GetStreamingResponseAsync(messages, new ChatOptions { ModelId = AlphaSmart.Key }).ToListAsync();

        Assert.Equal("streamed", updates.ToChatResponse().Text);
        var info = updates[^1].GetRouteInfo()!;
        Assert.Equal([LlmErrorKind.ContextTooLong, null], info.Attempts.Select(a => a.Error));
        Assert.Equal(messages.Count - h.Fake(AlphaSmart).Requests[1].Messages.Count, info.TrimmedMessages);
        Assert.True(info.TrimmedMessages > 0);
    }

    [Fact]
    public async Task RouterChatClient_TrimmedToolConversation_KeepsEveryCallWithItsResult()
    {
        await using var h = CreateTrimming();
        var messages = LongConversation();
        var call = new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call-1", "ferry_times", new Dictionary<string, object?> { ["island"] = "north" })]);
        var result = new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call-1", string.Concat(Enumerable.Repeat("07:10 08:40 10:15 ", 400)))]);
        messages.InsertRange(3, [call, result]);

        await h.Client.GetResponseAsync(messages, OnlyFastModels());

        var sent = h.Fake(BetaFast).Requests.Single().Messages;
        var calls = sent.SelectMany(m => m.Contents.OfType<FunctionCallContent>()).Select(c => c.CallId).ToList();
        var results = sent.SelectMany(m => m.Contents.OfType<FunctionResultContent>()).Select(r => r.CallId).ToList();
        Assert.Equal(calls, results);
        AssertKeptSystemAndLastQuestion(sent);
    }
}
