using System.Runtime.CompilerServices;
using LlmRouter.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static LlmRouter.Tests.TestSupport.RouterHarness;

namespace LlmRouter.Tests.Router;

/// <summary><see cref="LlmRouterOptions.ContinueOnStreamFailure"/>: a stream that breaks after output reached the caller goes on, on the next route.</summary>
public class RouterChatClientStreamContinuationTests
{
    private static readonly ModelDescriptor Gamma = Model("gamma", "g-cut", ModelTier.Fast, 1m, 2m, 64_000);

    private static RouterHarness CreateWith(DelegateChatClient gamma, bool continueOnFailure, params ModelDescriptor[] fallbacks) => Create(
        o =>
        {
            o.AdditionalModels.Add(Gamma);
            o.ContinueOnStreamFailure = continueOnFailure;
            o.Retry.MaxRetries = 0;
            foreach (var f in fallbacks)
            {
                o.FallbackChain.Add(f.Key);
            }
        },
        s => s.AddSingleton<ILlmProvider>(new DelegateProvider("gamma", _ => gamma)));

    private static ChatOptions Direct => new() { ModelId = Gamma.Key };

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
    public async Task RouterChatClient_StreamBreakingAfterOutput_ContinuesOnTheNextRouteAndMarksTheSeam()
    {
        var gamma = new DelegateChatClient { Stream = (_, _, _) => BreaksAfter(LlmErrorKind.Unavailable, "The answer ", "begins here ") };
        await using var h = CreateWith(gamma, continueOnFailure: true, BetaFast);
        h.Fake(BetaFast).EnqueueResponse("and ends there.", new UsageDetails { InputTokenCount = 40, OutputTokenCount = 4 });
        var messages = Prompt("Tell me something.");

        var updates = await CollectAsync(h.Client.GetStreamingResponseAsync(messages, Direct));
        var response = updates.ToChatResponse();

        Assert.Equal("The answer begins here and ends there.", response.Text);
        Assert.Single(response.Messages); // one answer, not two messages
        var seam = Assert.Single(updates, u => u.AdditionalProperties?.ContainsKey(RouteInfoExtensions.ContinuationPropertyKey) == true);
        Assert.Equal(BetaFast.Key, seam.AdditionalProperties![RouteInfoExtensions.ContinuationPropertyKey]);
        Assert.Equal(4, updates.IndexOf(seam)); // after the model marker, the broken route's two texts and its usage, before the next route's
        Assert.True(string.IsNullOrEmpty(seam.Text));

        var info = response.GetRouteInfo()!;
        Assert.Equal("beta", info.Provider);
        Assert.Equal(2, info.Attempts.Count);
        Assert.Equal(("gamma", LlmErrorKind.StreamInterrupted), (info.Attempts[0].Provider, info.Attempts[0].Error));
        Assert.Equal(("beta", (LlmErrorKind?)null), (info.Attempts[1].Provider, info.Attempts[1].Error));

        // The next route saw the caller's messages, the text sent so far, and the instruction; the caller's list is unchanged.
        var sent = h.Fake(BetaFast).Requests.Single().Messages;
        Assert.Equal(3, sent.Count);
        Assert.Equal("Tell me something.", sent[0].Text);
        Assert.Equal((ChatRole.Assistant, "The answer begins here "), (sent[1].Role, sent[1].Text));
        Assert.Equal(ChatRole.User, sent[2].Role);
        Assert.Contains("Continue", sent[2].Text, StringComparison.Ordinal);
        Assert.Single(messages);

        // Both attempts are metered with the usage each reported.
        var usage = await h.Usage.GetSummaryAsync();
        Assert.Equal(2, usage.Requests);
        Assert.Equal(1, usage.Failed);
        Assert.Equal(10 + 40, usage.InputTokens);
        Assert.Equal(2 + 4, usage.OutputTokens);
        Assert.Equal(Gamma.Pricing.CalculateCost(10, 2) + BetaFast.Pricing.CalculateCost(40, 4), info.TotalCost);
    }

    [Fact]
    public async Task RouterChatClient_StreamBreakingTwice_ContinuesOnEachLaterRouteWithEverythingSentSoFar()
    {
        var gamma = new DelegateChatClient { Stream = (_, _, _) => BreaksAfter(LlmErrorKind.Unavailable, "one ") };
        await using var h = CreateWith(gamma, continueOnFailure: true, BetaFast, BetaBig);
        h.Fake(BetaFast).EnqueueStreamFailureAfter(1, "two three", LlmErrorKind.Timeout);
        h.Fake(BetaBig).EnqueueResponse("three");

        var updates = await CollectAsync(h.Client.GetStreamingResponseAsync(Prompt(), Direct));

        Assert.Equal("one two three", updates.ToChatResponse().Text);
        Assert.Equal([BetaFast.Key, BetaBig.Key], updates
            .Where(u => u.AdditionalProperties?.ContainsKey(RouteInfoExtensions.ContinuationPropertyKey) == true)
            .Select(u => (string)u.AdditionalProperties![RouteInfoExtensions.ContinuationPropertyKey]!));
        Assert.Equal("one two ", h.Fake(BetaBig).Requests.Single().Messages[^2].Text);
        Assert.Equal(3, updates.ToChatResponse().GetRouteInfo()!.Attempts.Count);
    }

    [Fact]
    public async Task RouterChatClient_StreamBreakingWithoutTheOption_FailsWithStreamInterruptedAndIsNotContinued()
    {
        var gamma = new DelegateChatClient { Stream = (_, _, _) => BreaksAfter(LlmErrorKind.Unavailable, "half ") };
        await using var h = CreateWith(gamma, continueOnFailure: false, BetaFast);

        var ex = await Assert.ThrowsAsync<LlmException>(() => CollectAsync(h.Client.GetStreamingResponseAsync(Prompt(), Direct)));

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind);
        Assert.Equal("half ", ex.PartialText);
        Assert.Equal(0, h.Fake(BetaFast).CallCount);
    }

    [Fact]
    public async Task RouterChatClient_StreamBreakingWithNoLaterRoute_FailsWithStreamInterrupted()
    {
        var gamma = new DelegateChatClient { Stream = (_, _, _) => BreaksAfter(LlmErrorKind.Unavailable, "half ") };
        await using var h = CreateWith(gamma, continueOnFailure: true);

        var ex = await Assert.ThrowsAsync<LlmException>(() => CollectAsync(h.Client.GetStreamingResponseAsync(Prompt(), Direct)));

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind);
        Assert.Equal("half ", ex.PartialText);
        Assert.Equal(1, (await h.Usage.GetSummaryAsync()).Failed);
    }

    [Fact]
    public async Task RouterChatClient_ContinuationThatFailsToo_FailsWithStreamInterruptedAndEverythingSent()
    {
        var gamma = new DelegateChatClient { Stream = (_, _, _) => BreaksAfter(LlmErrorKind.Unavailable, "half ") };
        await using var h = CreateWith(gamma, continueOnFailure: true, BetaFast);
        h.Fake(BetaFast).EnqueueFailure(LlmErrorKind.Authentication);

        var ex = await Assert.ThrowsAsync<LlmException>(() => CollectAsync(h.Client.GetStreamingResponseAsync(Prompt(), Direct)));

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind);
        Assert.Equal("half ", ex.PartialText);
        Assert.IsType<AllRoutesFailedException>(ex.InnerException);
        var usage = await h.Usage.GetSummaryAsync();
        Assert.Equal(2, usage.Requests);
        Assert.Equal(2, usage.Failed);
    }

    [Fact]
    public async Task RouterChatClient_StreamStoppedByAContentFilter_IsNotContinued()
    {
        var gamma = new DelegateChatClient { Stream = (_, _, _) => BreaksAfter(LlmErrorKind.ContentFiltered, "half ") };
        await using var h = CreateWith(gamma, continueOnFailure: true, BetaFast);

        var ex = await Assert.ThrowsAsync<LlmException>(() => CollectAsync(h.Client.GetStreamingResponseAsync(Prompt(), Direct)));

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind);
        Assert.Equal(0, h.Fake(BetaFast).CallCount);
    }

    [Fact]
    public async Task RouterChatClient_ContinuationWithBudgets_ReservesForTheTextSentSoFar()
    {
        var gamma = new DelegateChatClient { Stream = (_, _, _) => BreaksAfter(LlmErrorKind.Unavailable, new string('字', 2_000)) };
        var options = new ChatOptions { ModelId = Gamma.Key, MaxOutputTokens = 10 };
        var messages = Prompt();
        var first = TokenBound.Cost(Gamma, TokenBound.InputTokens(messages, options), options);

        // Room for the first attempt and a continuation of the prompt alone, not for one that carries the 6,000 bytes sent so far.
        var promptOnly = TokenBound.Cost(BetaFast, TokenBound.InputTokens(messages, options) + (2 * TokenBound.PerMessage) + 500, options);
        await using var h = Create(
            o =>
            {
                o.AdditionalModels.Add(Gamma);
                o.ContinueOnStreamFailure = true;
                o.FallbackChain.Add(BetaFast.Key);
                o.Budgets.DailyLimit = first + promptOnly;
            },
            s => s.AddSingleton<ILlmProvider>(new DelegateProvider("gamma", _ => gamma)));

        var ex = await Assert.ThrowsAsync<LlmException>(() => CollectAsync(h.Client.GetStreamingResponseAsync(messages, options)));

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind);
        Assert.IsType<BudgetExceededException>(ex.InnerException);
        Assert.Equal(0, h.Fake(BetaFast).CallCount);
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> BreaksAfter(LlmErrorKind kind, params string[] texts)
    {
        await Task.Yield();
        foreach (var text in texts)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, text) { MessageId = "gamma-msg", ResponseId = "gamma-resp" };
        }

        yield return new ChatResponseUpdate { Contents = [new UsageContent(new UsageDetails { InputTokenCount = 10, OutputTokenCount = 2 })], MessageId = "gamma-msg" };
        throw new LlmException(kind, $"gamma broke ({kind})");
    }
}
