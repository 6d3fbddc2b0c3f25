using LlmRouter.Testing;
using LlmRouter.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using LlmRouter.Ollama.Tests.TestSupport;

namespace LlmRouter.Ollama.Tests;

/// <summary>End to end: the router in a container, the Ollama provider pointed at a loopback server replaying the wire fixtures.</summary>
public class OllamaLlmRouterBuilderExtensionsTests
{
    private const string TextBody = "{\"model\":\"llama3.2\",\"created_at\":\"2024-07-22T20:33:28Z\",\"message\":{\"role\":\"assistant\",\"content\":\"The sky is blue because of Rayleigh scattering.\"},\"done_reason\":\"stop\",\"done\":true,\"prompt_eval_count\":26,\"eval_count\":12}";

    private static ServiceProvider Build(LoopbackHttpServer server, Action<LlmRouterOptions>? configure = null, FakeLlmProvider? fake = null)
    {
        // The router lists a local provider's models before its first plan: answer that outside the scripted responses.
        server.Always("/api/tags", 200, """{"models":[]}""");
        var services = new ServiceCollection();
        var builder = services.AddLlmRouter(o =>
        {
            o.Retry.MaxRetries = 0;
            if (fake is not null)
            {
                o.AdditionalModels.Add(new ModelDescriptor("fake", "m", ModelTier.Fast) { ContextWindow = 100_000, Pricing = new ModelPricing(0m, 0m), Capabilities = ModelCapabilities.Streaming | ModelCapabilities.Tools });
                o.FallbackChain.Add("fake/m");
            }

            configure?.Invoke(o);
        }).AddOllama(o =>
        {
            o.ApiKey = "test-key";
            o.Endpoint = server.BaseAddress;
        });
        if (fake is not null)
        {
            builder.AddProvider(fake);
        }

        return services.BuildServiceProvider();
    }

    private static ChatOptions Ollama(string id = "llama3.2") => new() { ModelId = $"ollama/{id}" };

    [Fact]
    public async Task Router_ReturnsTextUsageAndCost()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, TextBody);
        await using var sp = Build(server);
        var chat = sp.GetRequiredService<IChatClient>();

        var response = await chat.GetResponseAsync("Why is the sky blue?", Ollama());

        Assert.Equal("The sky is blue because of Rayleigh scattering.", response.Text);
        Assert.Equal(26, response.Usage!.InputTokenCount);
        Assert.Equal(12, response.Usage.OutputTokenCount);
        var route = response.GetRouteInfo()!;
        Assert.Equal("ollama", route.Provider);
        Assert.Equal("llama3.2", route.Model);
        Assert.Equal(ModelCatalog.Default.Resolve("ollama/llama3.2").Pricing.CalculateCost(response.Usage), route.Cost);
        Assert.Equal(0m, route.Cost);
        Assert.Equal("Bearer test-key", server.Requests[0].Headers["Authorization"]);
    }

    [Fact]
    public async Task Router_PricesUsageWithTheCatalogsPricing()
    {
        var priced = new ModelDescriptor("ollama", "llama3.2-hosted", ModelTier.Local)
        {
            ContextWindow = 131072,
            MaxOutputTokens = 8192,
            Pricing = new ModelPricing(1m, 2m),
            Capabilities = ModelCapabilities.Streaming | ModelCapabilities.Tools,
        };
        await using var server = new LoopbackHttpServer();
        server.Respond(200, Wire.Compact("ollama.chat.tool_call.response.json"));
        await using var sp = Build(server, o => o.AdditionalModels.Add(priced));

        var response = await sp.GetRequiredService<IChatClient>().GetResponseAsync("weather?", Ollama("llama3.2-hosted"));

        Assert.Equal(((122 * 1m) + (33 * 2m)) / 1_000_000m, response.GetRouteInfo()!.Cost);
        Assert.Equal(priced.Pricing.CalculateCost(response.Usage!), response.GetRouteInfo()!.Cost);
    }

    [Fact]
    public async Task Router_ReturnsToolCalls()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, Wire.Compact("ollama.chat.tool_call.response.json"));
        await using var sp = Build(server);
        var tool = AIFunctionFactory.Create((string location, string format) => "22", "get_current_weather", "Get the current weather for a location");
        var options = Ollama();
        options.Tools = [tool];

        var response = await sp.GetRequiredService<IChatClient>().GetResponseAsync("What is the weather today in Paris?", options);

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_current_weather", call.Name);
        Assert.Equal("Paris, FR", call.Arguments!["location"]!.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(155, response.Usage!.TotalTokenCount);
    }

    [Fact]
    public async Task Router_StreamsTheFixtureWithUsageAndRouteInfo()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(Wire.Lines("ollama.chat.stream.ndjson"), Wire.Ndjson);
        await using var sp = Build(server);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in sp.GetRequiredService<IChatClient>().GetStreamingResponseAsync("Why is the sky blue?", Ollama()))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        Assert.Equal("The", response.Text);
        Assert.Equal(26, response.Usage!.InputTokenCount);
        Assert.Equal(282, response.Usage.OutputTokenCount);
        Assert.Equal("ollama", response.GetRouteInfo()!.Provider);
        Assert.Equal(0m, response.GetRouteInfo()!.Cost);
    }

    [Theory]
    [InlineData(404, LlmErrorKind.ModelNotFound)]
    [InlineData(400, LlmErrorKind.InvalidRequest)]
    [InlineData(500, LlmErrorKind.Unavailable)]
    [InlineData(401, LlmErrorKind.Authentication)]
    [InlineData(429, LlmErrorKind.RateLimited)]
    public async Task Router_ReportsTheErrorKindOfAnErrorPayload(int status, LlmErrorKind kind)
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(status, status == 429 ? "{\"error\":\"too many requests\"}" : Wire.OllamaError(status));
        await using var sp = Build(server);

        var ex = Assert.IsAssignableFrom<LlmException>(await Record.ExceptionAsync(() => sp.GetRequiredService<IChatClient>().GetResponseAsync("hi", Ollama())));

        Assert.Equal(kind, ex.Kind);
        Assert.Equal("ollama", ex.Provider);
        Assert.Equal(status, ex.StatusCode);
    }

    [Fact]
    public async Task Router_InterruptsAStreamThatFailsMidway()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(Wire.ChatMidstreamErrorLines(), Wire.Ndjson);
        await using var sp = Build(server);
        var text = new List<string>();

        var ex = await Assert.ThrowsAsync<LlmException>(async () =>
        {
            await foreach (var update in sp.GetRequiredService<IChatClient>().GetStreamingResponseAsync("hi", Ollama()))
            {
                text.Add(update.Text);
            }
        });

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind);
        Assert.Equal(" Yes.Ican", ex.PartialText);
        Assert.Contains("an error was encountered while running the model", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(401)]
    public async Task Router_FailsOverToTheNextProvider(int status)
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(status, status == 401 ? Wire.OllamaError(401) : "{\"error\":\"server busy\"}");
        var fake = new FakeLlmProvider("fake");
        fake.ForModel("m").EnqueueResponse("from the fallback");
        await using var sp = Build(server, fake: fake);

        var response = await sp.GetRequiredService<IChatClient>().GetResponseAsync("hi", Ollama());

        Assert.Equal("from the fallback", response.Text);
        var route = response.GetRouteInfo()!;
        Assert.Equal("fake", route.Provider);
        Assert.Equal(status == 401 ? LlmErrorKind.Authentication : LlmErrorKind.Unavailable, route.Attempts[0].Error);
        Assert.Equal("ollama", route.Attempts[0].Provider);
    }

    [Fact]
    public async Task Router_FailsOverWhenOllamaIsNotRunning()
    {
        await using var server = new LoopbackHttpServer();
        var fake = new FakeLlmProvider("fake");
        fake.ForModel("m").EnqueueResponse("from the fallback");
        var services = new ServiceCollection();
        services.AddLlmRouter(o =>
        {
            o.Retry.MaxRetries = 0;
            o.AdditionalModels.Add(new ModelDescriptor("fake", "m", ModelTier.Fast) { ContextWindow = 100_000, Pricing = new ModelPricing(0m, 0m) });
            o.FallbackChain.Add("fake/m");
        }).AddOllama(o => o.Endpoint = TestProviders.ClosedPort()).AddProvider(fake);
        await using var sp = services.BuildServiceProvider();

        var response = await sp.GetRequiredService<IChatClient>().GetResponseAsync("hi", Ollama());

        Assert.Equal("from the fallback", response.Text);
        var attempt = response.GetRouteInfo()!.Attempts[0];
        Assert.Equal(LlmErrorKind.Unavailable, attempt.Error);
        Assert.Contains("Ollama isn't running", attempt.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Router_FailsOverAStreamCutBeforeItsFirstUpdate()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(Wire.Lines("ollama.chat.stream.ndjson"), Wire.Ndjson, cutAfterChunks: 0);
        var fake = new FakeLlmProvider("fake");
        fake.ForModel("m").EnqueueResponse("streamed by the fallback");
        await using var sp = Build(server, fake: fake);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in sp.GetRequiredService<IChatClient>().GetStreamingResponseAsync("hi", Ollama()))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        Assert.Equal("streamed by the fallback", response.Text);
        Assert.Equal("fake", response.GetRouteInfo()!.Provider);
        Assert.Equal(LlmErrorKind.Unavailable, response.GetRouteInfo()!.Attempts[0].Error);
    }

    [Fact]
    public async Task Router_InterruptsAStreamCutAfterItsFirstUpdate()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(Wire.Lines("ollama.chat.stream.ndjson"), Wire.Ndjson, cutAfterChunks: 1);
        await using var sp = Build(server);

        var ex = await Assert.ThrowsAsync<LlmException>(async () =>
        {
            await foreach (var update in sp.GetRequiredService<IChatClient>().GetStreamingResponseAsync("hi", Ollama()))
            {
            }
        });

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind);
        Assert.Equal("The", ex.PartialText);
    }

    [Fact]
    public async Task Router_RoutesToAModelDiscoveredFromTheServer()
    {
        await using var server = new LoopbackHttpServer();
        await using var sp = Build(server);
        server.Always("/api/tags", 200, """{"models":[{"name":"qwen3:8b","model":"qwen3:8b","size":1,"digest":"d","details":{"family":"qwen3"}}]}""");
        server.Respond(200, """{"model":"qwen3:8b","created_at":"2026-11-28T12:00:00Z","message":{"role":"assistant","content":"hi there"},"done":true,"done_reason":"stop","prompt_eval_count":5,"eval_count":2}""");
        var chat = sp.GetRequiredService<IChatClient>();

        var response = await chat.GetResponseAsync("hello", new ChatOptions { ModelId = "ollama/qwen3:8b" });

        Assert.Equal("hi there", response.Text);
        Assert.Equal("qwen3:8b", response.GetRouteInfo()!.Model);
        Assert.Equal(0m, response.GetRouteInfo()!.Cost);
        Assert.Contains(server.Requests, r => r.Path.StartsWith("/api/tags", StringComparison.Ordinal));
    }
}
