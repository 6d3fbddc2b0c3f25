using System.Text.Json.Nodes;
using LlmRouter.Anthropic.Tests.TestSupport;

namespace LlmRouter.Anthropic.Tests.Chat;

/// <summary>A gateway reached through Endpoint may echo the API key in its error body; the key must reach no message.</summary>
public class AnthropicSecretRedactionTests
{
    private const string Key = AnthropicFixture.Key;

    public static TheoryData<string> EchoingBodies => new()
    {
        Wire.ErrorBody("authentication_error", $"invalid x-api-key: {Key}"),
        $"invalid x-api-key: {Key}",
        new JsonObject { ["message"] = $"key {Key} is not allowed here" }.ToJsonString(),
    };

    [Theory]
    [MemberData(nameof(EchoingBodies))]
    public async Task GetResponseAsync_ErrorBodyEchoingTheKey_KeyIsMasked(string body)
    {
        await using var fx = new AnthropicFixture();
        fx.Server.Respond(401, body);

        var ex = await Assert.ThrowsAsync<LlmException>(() => fx.Client().GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.DoesNotContain(Key, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, ex.ToString(), StringComparison.Ordinal);
        Assert.Contains(ProviderSettings.Mask(Key), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorBodyEchoingTheKey_KeyIsMasked()
    {
        await using var fx = new AnthropicFixture();
        fx.Server.Respond(401, Wire.ErrorBody("authentication_error", $"invalid x-api-key: {Key}"));

        var ex = await Assert.ThrowsAsync<LlmException>(async () =>
        {
            await foreach (var _ in fx.Client().GetStreamingResponseAsync("hi"))
            {
            }
        });

        Assert.DoesNotContain(Key, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealthAsync_ErrorBodyEchoingTheKey_DetailHasNoKey()
    {
        await using var fx = new AnthropicFixture();
        fx.Server.Respond(401, Wire.ErrorBody("authentication_error", $"invalid x-api-key: {Key}"));

        var health = await fx.Provider.CheckHealthAsync();

        Assert.False(health.IsHealthy);
        Assert.DoesNotContain(Key, health.Detail!, StringComparison.Ordinal);
        Assert.Contains(ProviderSettings.Mask(Key), health.Detail!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Router_ErrorBodyEchoingTheKey_AttemptsHaveNoKey()
    {
        await using var r = RoutedAnthropic.Create(apiKey: Key);
        r.Server.Respond(401, Wire.ErrorBody("authentication_error", $"invalid x-api-key: {Key}"));

        var ex = await Assert.ThrowsAnyAsync<LlmException>(() => r.Client.GetResponseAsync("hi", new ChatOptions { ModelId = "anthropic/claude-haiku-4-5" }));

        Assert.DoesNotContain(Key, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, ex.Message, StringComparison.Ordinal);
        if (ex is AllRoutesFailedException all)
        {
            Assert.All(all.Attempts, a => Assert.DoesNotContain(Key, a.ErrorMessage ?? string.Empty, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Router_ErrorBodyEchoingTheKey_FailoverResponseAttemptsHaveNoKey()
    {
        await using var r = RoutedAnthropic.Create(withFallback: true, apiKey: Key);
        r.Server.Respond(401, Wire.ErrorBody("authentication_error", $"invalid x-api-key: {Key}"));
        r.Fake.ForModel("m").EnqueueResponse("from the fallback");

        var response = await r.Client.GetResponseAsync("hi", new ChatOptions { ModelId = "anthropic/claude-haiku-4-5" });

        var attempt = response.GetRouteInfo()!.Attempts[0];
        Assert.Equal("anthropic", attempt.Provider);
        Assert.NotNull(attempt.ErrorMessage);
        Assert.DoesNotContain(Key, attempt.ErrorMessage, StringComparison.Ordinal);
    }
}
