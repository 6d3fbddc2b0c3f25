using System.Runtime.CompilerServices;
using LlmRouter.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static LlmRouter.Tests.TestSupport.RouterHarness;

namespace LlmRouter.Tests.Router;

/// <summary>A stream that ends without a single update is a failed attempt (<see cref="LlmErrorKind.Unknown"/>, like a response with no body), and fails over.</summary>
public class RouterChatClientEmptyStreamTests
{
    private static readonly ModelDescriptor Gamma = Model("gamma", "g-empty", ModelTier.Fast, 1m, 2m, 64_000);

    private static RouterHarness CreateWith(DelegateChatClient client, bool fallback) => Create(
        o =>
        {
            o.AdditionalModels.Add(Gamma);
            if (fallback)
            {
                o.FallbackChain.Add(BetaFast.Key);
            }
        },
        s => s.AddSingleton<ILlmProvider>(new DelegateProvider("gamma", _ => client)));

    [Fact]
    public async Task RouterChatClient_StreamEndingWithoutAnUpdate_FailsOverToTheNextRoute()
    {
        var client = new DelegateChatClient { Stream = (_, _, _) => Empty() };
        await using var h = CreateWith(client, fallback: true);
        h.Fake(BetaFast).EnqueueResponse("from beta");

        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in h.Client.GetStreamingResponseAsync(Prompt(), new ChatOptions { ModelId = Gamma.Key }))
        {
            updates.Add(u);
        }

        var response = updates.ToChatResponse();
        Assert.Equal("from beta", response.Text);
        var info = response.GetRouteInfo()!;
        Assert.Equal("beta", info.Provider);
        Assert.Equal(2, info.Attempts.Count);
        Assert.Equal(LlmErrorKind.Unknown, info.Attempts[0].Error);
        Assert.Contains("without a single update", info.Attempts[0].ErrorMessage, StringComparison.Ordinal);
        var usage = await h.Usage.GetSummaryAsync();
        Assert.Equal(1, usage.Failed);
        Assert.Equal(1, usage.Successful);
    }

    [Fact]
    public async Task RouterChatClient_StreamEndingWithoutAnUpdateOnTheOnlyRoute_IsAFailureNotAnEmptySuccess()
    {
        var client = new DelegateChatClient { Stream = (_, _, _) => Empty() };
        await using var h = CreateWith(client, fallback: false);

        var ex = await Assert.ThrowsAnyAsync<LlmException>(async () =>
        {
            await foreach (var _ in h.Client.GetStreamingResponseAsync(Prompt(), new ChatOptions { ModelId = Gamma.Key }))
            {
            }
        });

        Assert.Equal(LlmErrorKind.Unknown, ex.Kind);
        var usage = await h.Usage.GetSummaryAsync();
        Assert.Equal(0, usage.Successful);
        Assert.Equal(1, usage.Failed);
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Empty([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        yield break;
    }
}
