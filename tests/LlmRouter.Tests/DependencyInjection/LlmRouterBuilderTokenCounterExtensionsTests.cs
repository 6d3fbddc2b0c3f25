using LlmRouter.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static LlmRouter.Tests.TestSupport.RouterHarness;

namespace LlmRouter.Tests.DependencyInjection;

public class LlmRouterBuilderTokenCounterExtensionsTests
{
    [Fact]
    public async Task AddLlmRouter_CountsTokensWithTheHeuristicCounter()
    {
        var services = new ServiceCollection();
        services.AddLlmRouter();
        await using var sp = services.BuildServiceProvider();

        Assert.Same(HeuristicTokenCounter.Instance, sp.GetRequiredService<ITokenCounter>());
    }

    [Fact]
    public async Task UseTokenCounter_ReplacesTheCounter_AndCalledAgainReplacesItAgain()
    {
        var services = new ServiceCollection();
        var first = new TokenizerCounter(RealTokenizers.Cl100k);
        var second = new TokenizerCounter(RealTokenizers.O200k);
        services.AddLlmRouter().UseTokenCounter(first).UseTokenCounter(second);
        await using var sp = services.BuildServiceProvider();

        Assert.Same(second, Assert.Single(sp.GetServices<ITokenCounter>()));
    }

    [Fact]
    public async Task UseTokenCounter_OfAType_IsCreatedByTheContainer()
    {
        var services = new ServiceCollection();
        services.AddLlmRouter().UseTokenCounter<TwentyThousandAText>();
        await using var sp = services.BuildServiceProvider();

        Assert.IsType<TwentyThousandAText>(sp.GetRequiredService<ITokenCounter>());
    }

    [Fact]
    public async Task RouterChatClient_ChecksContextWindowsWithTheRegisteredCounter()
    {
        await using var h = Create(services: s => s.AddLlmRouter().UseTokenCounter<TwentyThousandAText>());

        var ex = await Assert.ThrowsAnyAsync<LlmException>(() => h.Client.GetResponseAsync(Prompt("hello"), new ChatOptions { ModelId = AlphaFast.Key }));

        Assert.Equal(LlmErrorKind.ContextTooLong, ex.Kind);
        Assert.Contains("~20007 tokens", ex.Message, StringComparison.Ordinal); // 20,000 + 4 for the message + 3 for the request
        Assert.Equal(0, h.Fake(AlphaFast).CallCount);
    }

    [Fact]
    public async Task RouterChatClient_WithARealTokenizer_RoutesAsUsual()
    {
        await using var h = Create(services: s => s.AddLlmRouter().UseTokenCounter(new TokenizerCounter(RealTokenizers.O200k)));

        var response = await h.Client.GetResponseAsync(Prompt("hello"), new ChatOptions { ModelId = AlphaFast.Key });

        Assert.Equal(AlphaFast.Id, response.GetRouteInfo()!.Model);
    }

    private sealed class TwentyThousandAText : ITokenCounter
    {
        public int CountTokens(ReadOnlySpan<char> text) => text.IsEmpty ? 0 : 20_000;
    }
}
