using System.Runtime.CompilerServices;
using LlmRouter.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static LlmRouter.Tests.TestSupport.RouterHarness;

namespace LlmRouter.Tests.Router;

/// <summary>Whenever the caller's token is cancelled, the caller gets <see cref="OperationCanceledException"/>, whatever error raced it; the attempt is still recorded.</summary>
public class RouterChatClientCancellationTests
{
    private static readonly ModelDescriptor Gamma = Model("gamma", "g-race", ModelTier.Fast, 1m, 2m, 64_000);

    public static TheoryData<LlmErrorKind> Kinds => new()
    {
        LlmErrorKind.Authentication,
        LlmErrorKind.InvalidRequest,
        LlmErrorKind.Unavailable,
        LlmErrorKind.RateLimited,
        LlmErrorKind.ContextTooLong,
        LlmErrorKind.Unknown,
        LlmErrorKind.StreamInterrupted,
    };

    private static RouterHarness CreateWith(DelegateChatClient client) => Create(
        o =>
        {
            o.AdditionalModels.Add(Gamma);
            o.FallbackChain.Add(BetaFast.Key);
        },
        s => s.AddSingleton<ILlmProvider>(new DelegateProvider("gamma", _ => client)));

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task RouterChatClient_ProviderErrorRacingTheCallersCancellation_SurfacesAsOperationCanceled(LlmErrorKind kind)
    {
        using var cts = new CancellationTokenSource();
        var client = new DelegateChatClient
        {
            Respond = (_, _, _) =>
            {
                cts.Cancel();
                throw new LlmException(kind, "the provider failed just as the caller gave up") { Provider = "gamma", Model = Gamma.Id };
            },
        };
        await using var h = CreateWith(client);

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Client.GetResponseAsync(Prompt(), new ChatOptions { ModelId = Gamma.Key }, cts.Token));

        Assert.Equal(cts.Token, ex.CancellationToken);
        Assert.Equal(0, h.Fake(BetaFast).CallCount);
        var usage = await h.Usage.GetSummaryAsync();
        Assert.Equal(1, usage.Requests);
        Assert.Equal(1, usage.Failed);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task RouterChatClient_StreamErrorBeforeFirstUpdateRacingTheCallersCancellation_SurfacesAsOperationCanceled(LlmErrorKind kind)
    {
        using var cts = new CancellationTokenSource();
        var client = new DelegateChatClient { Stream = (_, _, _) => FailingStream(cts, kind, updatesBefore: 0) };
        await using var h = CreateWith(client);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DrainAsync(h.Client.GetStreamingResponseAsync(Prompt(), new ChatOptions { ModelId = Gamma.Key }, cts.Token)));

        Assert.Equal(0, h.Fake(BetaFast).CallCount);
        var usage = await h.Usage.GetSummaryAsync();
        Assert.Equal(1, usage.Requests);
        Assert.Equal(1, usage.Failed);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task RouterChatClient_StreamErrorAfterFirstUpdateRacingTheCallersCancellation_SurfacesAsOperationCanceled(LlmErrorKind kind)
    {
        using var cts = new CancellationTokenSource();
        var client = new DelegateChatClient { Stream = (_, _, _) => FailingStream(cts, kind, updatesBefore: 2) };
        await using var h = CreateWith(client);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DrainAsync(h.Client.GetStreamingResponseAsync(Prompt(), new ChatOptions { ModelId = Gamma.Key }, cts.Token)));

        var usage = await h.Usage.GetSummaryAsync();
        Assert.Equal(1, usage.Requests);
        Assert.Equal(1, usage.Failed);
        Assert.Equal(7, usage.InputTokens); // the usage the stream reported before it broke is kept
    }

    private static async Task DrainAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        await foreach (var _ in updates)
        {
        }
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> FailingStream(CancellationTokenSource caller, LlmErrorKind kind, int updatesBefore, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        for (var i = 0; i < updatesBefore; i++)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, $"part {i} ");
        }

        if (updatesBefore > 0)
        {
            yield return new ChatResponseUpdate { Contents = [new UsageContent(new UsageDetails { InputTokenCount = 7, OutputTokenCount = 3 })] };
        }

        await caller.CancelAsync();
        throw new LlmException(kind, "the stream broke just as the caller gave up") { Provider = "gamma", Model = Gamma.Id };
    }
}
