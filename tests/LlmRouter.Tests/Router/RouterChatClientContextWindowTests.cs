using static LlmRouter.Tests.TestSupport.RouterHarness;

namespace LlmRouter.Tests.Router;

/// <summary>A prompt larger than a model's context window is never sent to it, whether the model was routed to or named.</summary>
public class RouterChatClientContextWindowTests
{
    // ~25,000 tokens at four characters a token: larger than a-fast's 16,000 window, smaller than b-fast's 32,000.
    private static readonly string LargerThanAlphaFast = new('x', 100_000);

    // ~75,000 tokens: larger than a-fast's and b-fast's windows.
    private static readonly string LargerThanBothFast = new('x', 300_000);

    [Fact]
    public async Task RouterChatClient_DirectModelWithPromptLargerThanItsWindow_FailsWithContextTooLongBeforeTheCall()
    {
        await using var h = Create();

        var ex = await Assert.ThrowsAnyAsync<LlmException>(() => h.Client.GetResponseAsync(Prompt(LargerThanAlphaFast), new ChatOptions { ModelId = AlphaFast.Key }));

        Assert.Equal(LlmErrorKind.ContextTooLong, ex.Kind);
        Assert.Contains("context window", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Fake(AlphaFast).CallCount);
        Assert.Equal(0, (await h.Usage.GetSummaryAsync()).Requests);
    }

    [Fact]
    public async Task RouterChatClient_DirectStreamWithPromptLargerThanItsWindow_FailsWithContextTooLongBeforeTheCall()
    {
        await using var h = Create();

        var ex = await Assert.ThrowsAnyAsync<LlmException>(async () =>
        {
            await foreach (var _ in h.Client.GetStreamingResponseAsync(Prompt(LargerThanAlphaFast), new ChatOptions { ModelId = AlphaFast.Key }))
            {
            }
        });

        Assert.Equal(LlmErrorKind.ContextTooLong, ex.Kind);
        Assert.Equal(0, h.Fake(AlphaFast).CallCount);
    }

    [Fact]
    public async Task RouterChatClient_DirectModelTooSmall_FallsBackToALargerWindowWithoutCallingIt()
    {
        await using var h = Create(o => o.FallbackChain.Add(BetaBig.Key));
        h.Fake(BetaBig).EnqueueResponse("from the big one");

        var response = await h.Client.GetResponseAsync(Prompt(LargerThanAlphaFast), new ChatOptions { ModelId = AlphaFast.Key });

        Assert.Equal("from the big one", response.Text);
        var info = response.GetRouteInfo()!;
        Assert.Equal(LlmErrorKind.ContextTooLong, info.Attempts[0].Error);
        Assert.Equal(0, h.Fake(AlphaFast).CallCount);
    }

    [Fact]
    public async Task RouterChatClient_DirectModelWithPromptThatFits_IsCalled()
    {
        await using var h = Create();

        await h.Client.GetResponseAsync(Prompt(new string('x', 40_000)), new ChatOptions { ModelId = AlphaFast.Key });

        Assert.Equal(1, h.Fake(AlphaFast).CallCount);
    }

    [Fact]
    public async Task RouterChatClient_RoutedPromptLargerThanEveryAllowedWindow_FailsWithContextTooLong()
    {
        await using var h = Create();
        var options = new ChatOptions().WithRouting(new RoutingHints { AllowedModels = [AlphaFast.Key, BetaFast.Key] });

        var ex = await Assert.ThrowsAsync<LlmException>(() => h.Client.GetResponseAsync(Prompt(LargerThanBothFast), options));

        Assert.Equal(LlmErrorKind.ContextTooLong, ex.Kind);
        Assert.Equal(0, h.Fake(AlphaFast).CallCount + h.Fake(BetaFast).CallCount);
    }
}
