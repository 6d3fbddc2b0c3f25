using System.Text.Json.Nodes;
using LlmRouter.Gemini.Tests.TestSupport;
using LlmRouter.Testing;
using LlmRouter.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.Gemini.Tests;

public sealed class GeminiLlmRouterBuilderExtensionsTests
{
    private const string Flash = "gemini/gemini-2.5-flash";

    private static ServiceProvider BuildRouter(LoopbackHttpServer server, FakeLlmProvider? fallback = null)
    {
        var services = new ServiceCollection();
        var builder = services.AddLlmRouter(o =>
        {
            o.Retry.MaxRetries = 0;
            if (fallback is not null)
            {
                o.AdditionalModels.Add(new ModelDescriptor("fake", "m", ModelTier.Fast) { ContextWindow = 100_000, Pricing = new ModelPricing(0m, 0m) });
                o.FallbackChain.Add("fake/m");
            }
        }).AddGemini(o =>
        {
            o.ApiKey = "test-key";
            o.Endpoint = server.BaseAddress;
        });
        if (fallback is not null)
        {
            builder.AddProvider(fallback);
        }

        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task AddGemini_EndToEnd_ReturnsToolCallUsageAndCatalogCost()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, WireFixtures.Body("gemini.generateContent.function_call.response.json"));
        await using var services = BuildRouter(server);
        var client = services.GetRequiredService<IChatClient>();
        var tool = AIFunctionFactory.Create((string location) => "sunny", "GetWeather", "return the real time weather of the location");

        var response = await client.GetResponseAsync("What's the weather like in Melbourne?", new ChatOptions { ModelId = Flash, Tools = [tool] });

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("GetWeather", call.Name);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(24, response.Usage!.InputTokenCount);
        Assert.Equal(4, response.Usage.OutputTokenCount);
        var route = response.GetRouteInfo()!;
        Assert.Equal("gemini", route.Provider);
        Assert.Equal("gemini-2.5-flash", route.Model);
        Assert.Equal(ModelCatalog.Default.Resolve(Flash).Pricing.CalculateCost(response.Usage), route.Cost);
        Assert.Equal(((24 * 0.3m) + (4 * 2.5m)) / 1_000_000m, route.Cost);
        Assert.Equal("/v1beta/models/gemini-2.5-flash:generateContent", server.Requests[0].Path);
        Assert.Equal("test-key", server.Requests[0].Headers["x-goog-api-key"]);
        Assert.Equal("GetWeather", (string)JsonNode.Parse(server.Requests[0].Body)!["tools"]![0]!["functionDeclarations"]![0]!["name"]!);
    }

    [Fact]
    public async Task AddGemini_EndToEnd_CachedAndThinkingTokensArePricedOnce()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, """
            {"candidates":[{"content":{"role":"model","parts":[{"text":"Paris."}]},"finishReason":"STOP"}],
             "usageMetadata":{"promptTokenCount":1000,"cachedContentTokenCount":400,"candidatesTokenCount":50,"thoughtsTokenCount":100,"totalTokenCount":1150}}
            """);
        await using var services = BuildRouter(server);

        var response = await services.GetRequiredService<IChatClient>().GetResponseAsync("Capital of France?", new ChatOptions { ModelId = Flash });

        Assert.Equal("Paris.", response.Text);
        Assert.Equal(1000, response.Usage!.InputTokenCount);
        Assert.Equal(400, response.Usage.CachedInputTokenCount);
        Assert.Equal(150, response.Usage.OutputTokenCount);
        Assert.Equal(100, response.Usage.ReasoningTokenCount);
        // 600 uncached at $0.30/M, 400 cached at $0.03/M, 150 output (thinking included) at $2.50/M.
        Assert.Equal(((600 * 0.3m) + (400 * 0.03m) + (150 * 2.5m)) / 1_000_000m, response.GetRouteInfo()!.Cost);
    }

    [Fact]
    public async Task AddGemini_EndToEnd_StreamsTextWithUsageAndCost()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(LoopbackHttpServer.SplitSse(WireFixtures.Read("gemini.streamGenerateContent.text.sse")));
        await using var services = BuildRouter(server);

        var updates = await services.GetRequiredService<IChatClient>().GetStreamingResponseAsync("What is the capital of France?", new ChatOptions { ModelId = Flash }).ToListAsync();
        var response = updates.ToChatResponse();

        Assert.Equal("The capital of France is **Paris**.\n", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(7, response.Usage!.InputTokenCount);
        Assert.Equal(9, response.Usage.OutputTokenCount);
        Assert.Equal(((7 * 0.3m) + (9 * 2.5m)) / 1_000_000m, response.GetRouteInfo()!.Cost);
    }

    [Theory]
    [InlineData(404, LlmErrorKind.ModelNotFound)]
    [InlineData(400, LlmErrorKind.Authentication)]
    [InlineData(429, LlmErrorKind.QuotaExhausted)]
    [InlineData(503, LlmErrorKind.Unavailable)]
    public async Task AddGemini_EndToEnd_ErrorPayloadsGiveTheirKind(int status, LlmErrorKind kind)
    {
        var body = status == 404 ? WireFixtures.Body("gemini.error.404.model_not_found.json") : WireFixtures.ErrorBody(status);
        await using var server = new LoopbackHttpServer();
        server.Respond(status, body);
        await using var services = BuildRouter(server);

        var ex = await Assert.ThrowsAnyAsync<LlmException>(() => services.GetRequiredService<IChatClient>().GetResponseAsync("hi", new ChatOptions { ModelId = Flash }));

        Assert.Equal(kind, ex.Kind);
    }

    [Theory]
    [InlineData(503, LlmErrorKind.Unavailable)]
    [InlineData(401, LlmErrorKind.Authentication)]
    public async Task AddGemini_Failure_FailsOverToTheFallbackChain(int status, LlmErrorKind kind)
    {
        await using var server = new LoopbackHttpServer();
        var name = status == 503 ? "UNAVAILABLE" : "UNAUTHENTICATED";
        server.Respond(status, $$$"""{"error":{"code":{{{status}}},"message":"nope","status":"{{{name}}}"}}""");
        var fake = new FakeLlmProvider("fake");
        fake.ForModel("m").EnqueueResponse("from the fallback");
        await using var services = BuildRouter(server, fake);

        var response = await services.GetRequiredService<IChatClient>().GetResponseAsync("hi", new ChatOptions { ModelId = Flash });

        Assert.Equal("from the fallback", response.Text);
        var route = response.GetRouteInfo()!;
        Assert.Equal("fake", route.Provider);
        Assert.Equal(2, route.Attempts.Count);
        Assert.Equal("gemini", route.Attempts[0].Provider);
        Assert.Equal(kind, route.Attempts[0].Error);
        Assert.Single(server.Requests); // no retry (MaxRetries = 0)
    }

    [Fact]
    public async Task AddGemini_StreamFailureBeforeFirstUpdate_FailsOver()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream([WireFixtures.ErrorBody(503)], status: 503);
        var fake = new FakeLlmProvider("fake");
        fake.ForModel("m").EnqueueResponse("fallback stream");
        await using var services = BuildRouter(server, fake);

        var response = (await services.GetRequiredService<IChatClient>().GetStreamingResponseAsync("hi", new ChatOptions { ModelId = Flash }).ToListAsync()).ToChatResponse();

        Assert.Equal("fallback stream", response.Text);
        Assert.Equal("fake", response.GetRouteInfo()!.Provider);
    }

    [Fact]
    public async Task AddGemini_StreamCutAfterFirstUpdate_IsStreamInterruptedWithPartialText()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(LoopbackHttpServer.SplitSse(WireFixtures.Read("gemini.streamGenerateContent.text.sse")), cutAfterChunks: 2);
        await using var services = BuildRouter(server);
        var text = new System.Text.StringBuilder();

        var ex = await Assert.ThrowsAsync<LlmException>(async () =>
        {
            await foreach (var update in services.GetRequiredService<IChatClient>().GetStreamingResponseAsync("capital?", new ChatOptions { ModelId = Flash }))
            {
                text.Append(update.Text);
            }
        });

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind);
        Assert.Equal("The capital of France", text.ToString());
        Assert.Equal("The capital of France", ex.PartialText);
    }

    [Fact]
    public async Task AddGemini_KeyFromConfiguration_IsUsed()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, """{"candidates":[{"content":{"role":"model","parts":[{"text":"ok"}]},"finishReason":"STOP"}]}""");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmRouter:Providers:gemini:ApiKey"] = "config-key-0123456789",
            ["LlmRouter:Providers:gemini:Endpoint"] = server.BaseAddress.ToString(),
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddLlmRouter(o => o.Retry.MaxRetries = 0).AddGemini();
        await using var provider = services.BuildServiceProvider();

        var gemini = Assert.IsType<GeminiProvider>(provider.GetServices<ILlmProvider>().Single(p => p.Name == "gemini"));
        var response = await provider.GetRequiredService<IChatClient>().GetResponseAsync("hi", new ChatOptions { ModelId = Flash });

        Assert.Equal("ok", response.Text);
        Assert.Equal("options", gemini.ApiKeySource);
        Assert.Equal("config-key-0123456789", server.Requests[0].Headers["x-goog-api-key"]);
    }

    [Fact]
    public async Task AddGemini_AppliesConfigurationThenCode()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmRouter:Providers:gemini:ApiKey"] = "config-key-0123456789",
            ["LlmRouter:Providers:gemini:ApiVersion"] = "v1",
            ["LlmRouter:Providers:gemini:Endpoint"] = "https://from-config.test/",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddLlmRouter().AddGemini(o => o.Endpoint = new Uri("https://example.test/"));
        await using var provider = services.BuildServiceProvider();

        var gemini = Assert.IsType<GeminiProvider>(provider.GetRequiredService<ILlmProvider>());
        var metadata = gemini.GetChatClient("gemini-2.5-flash").GetService<ChatClientMetadata>()!;

        Assert.True(gemini.IsConfigured);
        Assert.Equal(new Uri("https://example.test/v1/"), metadata.ProviderUri);
    }
}
