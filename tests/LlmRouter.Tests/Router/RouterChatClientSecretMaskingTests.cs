using LlmRouter.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static LlmRouter.Tests.TestSupport.RouterHarness;

namespace LlmRouter.Tests.Router;

/// <summary>As a safety net, the router masks strings shaped like well-known API keys in every message it writes, whatever a custom provider put in its errors.</summary>
public class RouterChatClientSecretMaskingTests
{
    private static readonly string[] Keys =
    [
        "sk-proj-" + Alnum(48),
        "sk-ant-api03-" + Alnum(40) + "-_" + Alnum(20),
        "sk-" + Alnum(48),
        "AIza" + Alnum(35),
        "gsk_" + Alnum(52),
        "xai-" + Alnum(80),
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyb3V0ZXIifQ." + Alnum(30),
    ];

    private static string Leaky => $"upstream said: invalid keys {Keys[0]}, {Keys[1]} and {Keys[2]}; google {Keys[3]}; groq {Keys[4]}; xai {Keys[5]}; Authorization: Bearer {Keys[6]}";

    [Fact]
    public async Task RouterChatClient_ProviderErrorsWithKeys_NeverReachExceptionsAttemptsOrLogs()
    {
        var logger = new CapturingLogger();
        await using var h = Create(o => o.FallbackChain.Add(BetaFast.Key), s => s.AddSingleton<ILogger<RouterChatClient>>(logger));
        h.Fake(AlphaFast).EnqueueFailure(LlmErrorKind.Authentication, message: Leaky);
        h.Fake(BetaFast).EnqueueException(new InvalidOperationException(Leaky, new HttpRequestException(Leaky)));

        var ex = await Assert.ThrowsAsync<AllRoutesFailedException>(() => h.Client.GetResponseAsync(Prompt(), new ChatOptions { ModelId = AlphaFast.Key }));

        AssertNoKey(ex.ToString());
        Assert.All(ex.Attempts, a => AssertNoKey(a.ErrorMessage));
        Assert.NotEmpty(logger.Entries);
        Assert.All(logger.Entries, AssertNoKey);
        Assert.Contains("sk-…", ex.Message, StringComparison.Ordinal); // masked, not removed: the reader still sees which key
    }

    [Fact]
    public async Task RouterChatClient_KeyInAFailureThatFailsOver_IsMaskedInTheSuccessfulResponsesAttempts()
    {
        await using var h = Create(o => o.FallbackChain.Add(BetaFast.Key));
        h.Fake(AlphaFast).EnqueueFailure(LlmErrorKind.QuotaExhausted, message: Leaky);

        var response = await h.Client.GetResponseAsync(Prompt(), new ChatOptions { ModelId = AlphaFast.Key });

        AssertNoKey(response.GetRouteInfo()!.Attempts[0].ErrorMessage);
    }

    [Fact]
    public async Task RouterChatClient_StreamInterruptedByAnErrorWithKeys_MasksThem()
    {
        var client = new DelegateChatClient { Stream = (_, _, _) => Broken() };
        await using var g = Create(
            o => o.AdditionalModels.Add(Model("gamma", "g-leak", ModelTier.Fast, 1m, 1m, 10_000)),
            s => s.AddSingleton<ILlmProvider>(new DelegateProvider("gamma", _ => client)));

        var ex = await Assert.ThrowsAnyAsync<LlmException>(async () =>
        {
            await foreach (var _ in g.Client.GetStreamingResponseAsync(Prompt(), new ChatOptions { ModelId = "gamma/g-leak" }))
            {
            }
        });

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind);
        AssertNoKey(ex.ToString());
    }

    [Fact]
    public async Task LlmRouter_GetProvidersAsync_MasksKeysInAFailingHealthCheck()
    {
        await using var h = Create();
        h.Alpha.HealthCheckException = new InvalidOperationException(Leaky);

        var statuses = await h.Router.GetProvidersAsync();

        AssertNoKey(statuses.Single(s => s.Name == "alpha").Detail);
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Broken()
    {
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "partial ");
        throw new LlmException(LlmErrorKind.Unavailable, Leaky);
    }

    private static void AssertNoKey(string? text)
    {
        foreach (var key in Keys)
        {
            Assert.DoesNotContain(key, text ?? string.Empty, StringComparison.Ordinal);
        }
    }

    private static string Alnum(int length)
    {
        const string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var random = new Random(length);
        return string.Create(length, random, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = chars[r.Next(chars.Length)];
            }
        });
    }
}
