using LlmRouter.OpenAI.Tests.TestSupport;
using LlmRouter.Testing;
using LlmRouter.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.OpenAI.Tests;

/// <summary>Through the router: <c>AddLlmRouter().AddOpenAI()</c>, a model picked by key, usage, cost, error kinds and failover.</summary>
public class RouterEndToEndTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Router_GetResponseAsync_ReturnsToolCallUsageAndCatalogCost()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, Wire.Read("openai.chat.tool_call.response.json"));
        await using var sp = Build(server);
        var chat = sp.GetRequiredService<IChatClient>();
        var options = ChatFixtures.ToolOptions();
        options.ModelId = "openai/gpt-4o-mini";

        var response = await chat.GetResponseAsync(ChatFixtures.AliceQuestion, options).WaitAsync(Guard);

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("GetPersonAge", call.Name);
        Assert.Equal("Alice", call.Arguments!["personName"]?.ToString());
        Assert.Equal(61, response.Usage!.InputTokenCount);
        Assert.Equal(16, response.Usage.OutputTokenCount);
        Assert.Equal(13, response.Usage.CachedInputTokenCount);
        Assert.Equal(90, response.Usage.ReasoningTokenCount);
        var info = response.GetRouteInfo()!;
        Assert.Equal("openai", info.Provider);
        Assert.Equal("gpt-4o-mini", info.Model);
        var pricing = ModelCatalog.Default.Resolve("openai/gpt-4o-mini").Pricing;
        Assert.Equal(pricing.CalculateCost(61, 16, 13), info.Cost);
        Assert.Equal(((48 * 0.15m) + (13 * 0.075m) + (16 * 0.6m)) / 1_000_000m, info.Cost);
        Assert.Equal("gpt-4o-mini", (string?)System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(server.Requests).Body)!["model"]);
    }

    [Fact]
    public async Task Router_GetStreamingResponseAsync_ReturnsToolCallUsageAndCost()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(LoopbackHttpServer.SplitSse(Wire.Read("openai.chat.tool_call.stream.sse")));
        await using var sp = Build(server);
        var chat = sp.GetRequiredService<IChatClient>();
        var options = ChatFixtures.ToolOptions();
        options.ModelId = "openai/gpt-4o-mini";

        var response = (await chat.GetStreamingResponseAsync(ChatFixtures.AliceQuestion, options).ToListAsync().AsTask().WaitAsync(Guard)).ToChatResponse();

        Assert.Equal("GetPersonAge", Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()).Name);
        Assert.Equal(61, response.Usage!.InputTokenCount);
        Assert.Equal(90, response.Usage.ReasoningTokenCount);
        Assert.Equal(((61 * 0.15m) + (16 * 0.6m)) / 1_000_000m, response.GetRouteInfo()!.Cost);
    }

    public static TheoryData<int, string?, LlmErrorKind> ErrorPayloads() => new()
    {
        { 401, null, LlmErrorKind.Authentication },
        { 404, "model_not_found", LlmErrorKind.ModelNotFound },
        { 400, "context_length_exceeded", LlmErrorKind.ContextTooLong },
        { 429, "rate_limit_exceeded", LlmErrorKind.RateLimited },
        { 429, "insufficient_quota", LlmErrorKind.QuotaExhausted },
        { 503, null, LlmErrorKind.Unavailable },
    };

    [Theory]
    [MemberData(nameof(ErrorPayloads))]
    public async Task Router_ErrorPayload_SurfacesTheKind(int status, string? code, LlmErrorKind kind)
    {
        await using var server = new LoopbackHttpServer();
        var (_, body, headers) = Wire.OpenAIError(status, code);
        server.Respond(status, body, headers: headers);
        await using var sp = Build(server);
        var chat = sp.GetRequiredService<IChatClient>();

        var ex = await Assert.ThrowsAnyAsync<LlmException>(() => chat.GetResponseAsync("hi", new ChatOptions { ModelId = "openai/gpt-4o-mini" }).WaitAsync(Guard));

        Assert.Equal(kind, ex.Kind);
        var attempt = Assert.Single(Assert.IsType<AllRoutesFailedException>(ex).Attempts);
        Assert.Equal("openai", attempt.Provider);
        Assert.Equal(kind, attempt.Error);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(401)]
    public async Task Router_OpenAIFails_FailsOverToTheFallback(int status)
    {
        await using var server = new LoopbackHttpServer();
        var (_, body, _) = Wire.OpenAIError(status);
        server.Respond(status, body);
        var fake = new FakeLlmProvider("fake");
        fake.ForModel("m").EnqueueResponse("answer from the fallback");
        await using var sp = Build(server, fake);
        var chat = sp.GetRequiredService<IChatClient>();

        var response = await chat.GetResponseAsync("hi", new ChatOptions { ModelId = "openai/gpt-4o-mini" }).WaitAsync(Guard);

        Assert.Equal("answer from the fallback", response.Text);
        var info = response.GetRouteInfo()!;
        Assert.Equal("fake", info.Provider);
        var failed = info.Attempts.First(a => a.Provider == "openai");
        Assert.Equal(status == 401 ? LlmErrorKind.Authentication : LlmErrorKind.Unavailable, failed.Error);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Router_StreamFailsBeforeTheFirstUpdate_FailsOverToTheFallback()
    {
        await using var server = new LoopbackHttpServer();
        var (_, body, _) = Wire.OpenAIError(503);
        server.Respond(503, body);
        var fake = new FakeLlmProvider("fake");
        fake.ForModel("m").EnqueueResponse("streamed from the fallback");
        await using var sp = Build(server, fake);
        var chat = sp.GetRequiredService<IChatClient>();

        var response = (await chat.GetStreamingResponseAsync("hi", new ChatOptions { ModelId = "openai/gpt-4o-mini" }).ToListAsync().AsTask().WaitAsync(Guard)).ToChatResponse();

        Assert.Equal("streamed from the fallback", response.Text);
        Assert.Equal("fake", response.GetRouteInfo()!.Provider);
    }

    [Fact]
    public async Task Router_StreamCutAfterItStarted_IsStreamInterruptedWithPartialText()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(ChatFixtures.TextStream(["Hel", "lo", " wor", "ld"]), cutAfterChunks: 2);
        await using var sp = Build(server);
        var chat = sp.GetRequiredService<IChatClient>();

        var ex = await Assert.ThrowsAnyAsync<LlmException>(() => chat.GetStreamingResponseAsync("hi", new ChatOptions { ModelId = "openai/gpt-4o-mini" }).ToListAsync().AsTask().WaitAsync(Guard));

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind);
        Assert.Equal("Hello", ex.PartialText);
    }

    [Fact]
    public async Task Router_AzureAndAPreset_RouteByTheirCatalogKeys()
    {
        await using var azure = new LoopbackHttpServer();
        await using var groq = new LoopbackHttpServer();
        azure.Respond(200, ChatFixtures.TextCompletion("from azure"));
        groq.Respond(200, ChatFixtures.TextCompletion("from groq"));
        var services = new ServiceCollection();
        services.AddLlmRouter(o => o.Retry.MaxRetries = 0)
            .AddAzureOpenAI(o => { o.ApiKey = "azure-test-key"; o.Endpoint = azure.BaseAddress; })
            .AddGroq(o => { o.ApiKey = "test-key"; o.Endpoint = groq.BaseAddress; });
        await using var sp = services.BuildServiceProvider();
        var chat = sp.GetRequiredService<IChatClient>();

        var fromAzure = await chat.GetResponseAsync("hi", new ChatOptions { ModelId = "azure-openai/gpt-4o-mini" }).WaitAsync(Guard);
        var fromGroq = await chat.GetResponseAsync("hi", new ChatOptions { ModelId = "groq/llama-3.3-70b-versatile" }).WaitAsync(Guard);

        Assert.Equal("from azure", fromAzure.Text);
        Assert.Equal("/openai/v1/chat/completions", Assert.Single(azure.Requests).Path);
        Assert.Equal("azure-test-key", Assert.Single(azure.Requests).Headers["api-key"]);
        Assert.Equal(ModelCatalog.Default.Resolve("azure-openai/gpt-4o-mini").Pricing.CalculateCost(10, 5), fromAzure.GetRouteInfo()!.Cost);
        Assert.Equal("from groq", fromGroq.Text);
        Assert.Equal("llama-3.3-70b-versatile", (string?)System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(groq.Requests).Body)!["model"]);
        Assert.Equal(ModelCatalog.Default.Resolve("groq/llama-3.3-70b-versatile").Pricing.CalculateCost(10, 5), fromGroq.GetRouteInfo()!.Cost);
    }

    [Fact]
    public async Task Router_UnconfiguredOpenAI_IsListedWithItsReason()
    {
        var services = new ServiceCollection();
        services.AddLlmRouter().AddOpenAICompatible("nokey", new Uri("https://llm.example.com/v1"), $"LLMROUTER_TEST_KEY_{Guid.NewGuid():N}".ToUpperInvariant());
        await using var sp = services.BuildServiceProvider();

        var status = Assert.Single(await sp.GetRequiredService<ILlmRouter>().GetProvidersAsync());

        Assert.Equal("nokey", status.Name);
        Assert.False(status.IsConfigured);
        Assert.Contains("no API key", status.Detail, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(LoopbackHttpServer server, FakeLlmProvider? fallback = null)
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
        }).AddOpenAI(o =>
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
}
