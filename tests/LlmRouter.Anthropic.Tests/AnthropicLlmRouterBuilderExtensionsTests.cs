using LlmRouter.Anthropic.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.Anthropic.Tests;

public class AnthropicLlmRouterBuilderExtensionsTests
{
    private static readonly ChatOptions Haiku = new() { ModelId = "anthropic/claude-haiku-4-5" };

    [Fact]
    public async Task Router_ToolCall_ReturnsCallUsageAndCatalogCost()
    {
        await using var r = RoutedAnthropic.Create();
        r.Server.Respond(200, Wire.Read("anthropic.messages.tool_use.response.json"));

        var response = await r.Client.GetResponseAsync("What's the weather in San Francisco?", new ChatOptions { ModelId = "anthropic/claude-haiku-4-5", Tools = [Wire.WeatherTool()] });

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.Equal(30, response.Usage!.InputTokenCount);
        Assert.Equal(15, response.Usage.OutputTokenCount);
        var info = response.GetRouteInfo()!;
        Assert.Equal("anthropic", info.Provider);
        Assert.Equal("claude-haiku-4-5", info.Model);
        var pricing = ModelCatalog.Default.Resolve("anthropic/claude-haiku-4-5").Pricing;
        Assert.Equal(pricing.CalculateCost(response.Usage), info.Cost);
        Assert.Equal(((30 * 1m) + (15 * 5m)) / 1_000_000m, info.Cost);
        Assert.Equal("claude-haiku-4-5", System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(r.Server.Requests).Body)!["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task Router_CachedUsage_IsBilledAtTheCachedRate()
    {
        await using var r = RoutedAnthropic.Create();
        r.Server.Respond(200, Wire.CachedResponse);

        var response = await r.Client.GetResponseAsync("Capital of France?", Haiku);

        Assert.Equal("Paris.", response.Text);
        Assert.Equal(160, response.Usage!.InputTokenCount);
        Assert.Equal(100, response.Usage.CachedInputTokenCount);
        Assert.Equal(7, response.Usage.ReasoningTokenCount);
        // 10 uncached input at $1/M + 100 cache reads at $0.10/M + 50 cache writes at $1.25/M + 20 output at $5/M.
        Assert.Equal(((10 * 1m) + (100 * 0.1m) + (50 * 1.25m) + (20 * 5m)) / 1_000_000m, response.GetRouteInfo()!.Cost);
    }

    [Fact]
    public async Task Router_RealisticStream_TextUsageAndCost()
    {
        await using var r = RoutedAnthropic.Create();
        r.Server.RespondStream(Wire.Sse("anthropic.messages.text.stream.realistic.sse"));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in r.Client.GetStreamingResponseAsync("Tell me about eclipses", new ChatOptions { ModelId = "anthropic/claude-opus-4-8" }))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        Assert.Contains("ring of fire", response.Text, StringComparison.Ordinal);
        Assert.Equal(31, response.Usage!.InputTokenCount);
        Assert.Equal(547, response.Usage.OutputTokenCount);
        var info = response.GetRouteInfo()!;
        Assert.Equal("claude-opus-4-8", info.Model);
        Assert.Equal(((31 * 5m) + (547 * 25m)) / 1_000_000m, info.Cost);
    }

    [Fact]
    public async Task Router_StreamedToolCall_Assembles()
    {
        await using var r = RoutedAnthropic.Create();
        r.Server.RespondStream(Wire.Sse("anthropic.messages.tool_use.stream.sse"));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in r.Client.GetStreamingResponseAsync("Call a tool", Haiku))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("test_tool", call.Name);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(((10 * 1m) + (10 * 5m)) / 1_000_000m, response.GetRouteInfo()!.Cost);
    }

    [Theory]
    [InlineData(529, "overloaded_error", "Overloaded", LlmErrorKind.Unavailable)]
    [InlineData(429, "rate_limit_error", "Rate limited", LlmErrorKind.RateLimited)]
    [InlineData(401, "authentication_error", "invalid x-api-key", LlmErrorKind.Authentication)]
    [InlineData(404, "not_found_error", "model: claude-nonexistent", LlmErrorKind.ModelNotFound)]
    [InlineData(400, "invalid_request_error", "prompt is too long: 215000 tokens > 200000 maximum", LlmErrorKind.ContextTooLong)]
    [InlineData(400, "invalid_request_error", "Bad request", LlmErrorKind.InvalidRequest)]
    [InlineData(400, "billing_error", "Your credit balance is too low to access the Anthropic API.", LlmErrorKind.QuotaExhausted)]
    public async Task Router_ErrorPayload_SurfacesTheRightKind(int status, string type, string message, LlmErrorKind kind)
    {
        await using var r = RoutedAnthropic.Create();
        r.Server.Respond(status, Wire.ErrorBody(type, message));

        var ex = await Assert.ThrowsAnyAsync<LlmException>(() => r.Client.GetResponseAsync("hi", Haiku));

        Assert.Equal(kind, ex.Kind);
        if (ex is AllRoutesFailedException all)
        {
            Assert.Equal(kind, Assert.Single(all.Attempts).Error);
        }
    }

    [Theory]
    [InlineData(503, "api_error", "Service unavailable")]
    [InlineData(529, "overloaded_error", "Overloaded")]
    [InlineData(401, "authentication_error", "invalid x-api-key")]
    [InlineData(429, "rate_limit_error", "Rate limited")]
    public async Task Router_FailsOverFromAnthropicToTheFallback(int status, string type, string message)
    {
        await using var r = RoutedAnthropic.Create(withFallback: true);
        r.Server.Respond(status, Wire.ErrorBody(type, message));
        r.Fake.ForModel("m").EnqueueResponse("from the fallback");

        var response = await r.Client.GetResponseAsync("hi", Haiku);

        Assert.Equal("from the fallback", response.Text);
        var info = response.GetRouteInfo()!;
        Assert.Equal("fake", info.Provider);
        Assert.Equal("anthropic", info.Attempts[0].Provider);
        Assert.NotNull(info.Attempts[0].Error);
        Assert.Single(r.Server.Requests);
    }

    [Fact]
    public async Task Router_StreamFailingBeforeTheFirstUpdate_FailsOver()
    {
        await using var r = RoutedAnthropic.Create(withFallback: true);
        r.Server.Respond(529, Wire.ErrorBody("overloaded_error", "Overloaded"));
        r.Fake.ForModel("m").EnqueueResponse("streamed by the fallback");

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in r.Client.GetStreamingResponseAsync("hi", Haiku))
        {
            updates.Add(update);
        }

        Assert.Equal("streamed by the fallback", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task Router_StreamCutAfterText_IsStreamInterrupted()
    {
        await using var r = RoutedAnthropic.Create(withFallback: true);
        r.Server.RespondStream(Wire.Sse("anthropic.messages.text.stream.realistic.sse"), cutAfterChunks: 5);

        var received = new System.Text.StringBuilder();
        var ex = await Assert.ThrowsAnyAsync<LlmException>(async () =>
        {
            await foreach (var update in r.Client.GetStreamingResponseAsync("hi", Haiku))
            {
                received.Append(update.Text);
            }
        }).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind);
        Assert.Contains("Happy to expl", received.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Router_UnconfiguredAnthropic_IsListedWithItsReason()
    {
        var services = new ServiceCollection();
        services.AddLlmRouter().AddProvider(new AnthropicProvider(new AnthropicProviderOptions(), null, ["LLMROUTER_TEST_NO_SUCH_VAR_" + Guid.NewGuid().ToString("N")]));
        await using var sp = services.BuildServiceProvider();

        var status = Assert.Single(await sp.GetRequiredService<ILlmRouter>().GetProvidersAsync(), s => s.Name == "anthropic");
        var ex = await Assert.ThrowsAnyAsync<LlmException>(() => sp.GetRequiredService<IChatClient>().GetResponseAsync("hi", Haiku));

        Assert.False(status.IsConfigured);
        Assert.Contains("no API key", status.Detail, StringComparison.Ordinal);
        Assert.Contains("not configured", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAnthropic_RegistersOneProviderNamedAnthropic()
    {
        var services = new ServiceCollection();
        var builder = services.AddLlmRouter();

        Assert.Same(builder, builder.AddAnthropic(o => o.ApiKey = "k"));
        await using var sp = services.BuildServiceProvider();
        var provider = Assert.Single(sp.GetServices<ILlmProvider>());
        Assert.Equal("anthropic", provider.Name);
        Assert.True(provider.IsConfigured);
    }
}
