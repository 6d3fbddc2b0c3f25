using LlmRouter.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.Integration.Tests;

/// <summary>The router failing over between real provider packages, each talking HTTP to its own loopback server.</summary>
public sealed class CrossProviderFailoverTests : IAsyncLifetime
{
    private const string AnthropicText = """{"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[{"type":"text","text":"from claude"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":4}}""";
    private const string GeminiText = """{"candidates":[{"content":{"role":"model","parts":[{"text":"from gemini"}]},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":3,"totalTokenCount":12},"modelVersion":"gemini-2.5-flash"}""";
    private const string OllamaText = """{"model":"llama3.2","created_at":"2026-11-28T12:00:00Z","message":{"role":"assistant","content":"from ollama"},"done":true,"done_reason":"stop","prompt_eval_count":5,"eval_count":2}""";
    private const string OpenAIOverloaded = """{"error":{"message":"The server is overloaded.","type":"server_error","param":null,"code":null}}""";
    private const string AnthropicOverloaded = """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""";
    private const string GeminiExhausted = """{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"60s"}]}}""";

    private readonly LoopbackHttpServer _openai = new();
    private readonly LoopbackHttpServer _anthropic = new();
    private readonly LoopbackHttpServer _gemini = new();
    private readonly LoopbackHttpServer _ollama = new();
    private ServiceProvider _services = null!;

    private IChatClient Chat => _services.GetRequiredService<IChatClient>();

    public Task InitializeAsync()
    {
        _ollama.Always("/api/tags", 200, """{"models":[]}""");
        var services = new ServiceCollection();
        services.AddLlmRouter(o =>
            {
                o.Retry.MaxRetries = 0;
                o.FallbackChain.Add("anthropic/claude-haiku-4-5");
                o.FallbackChain.Add("gemini/gemini-2.5-flash");
                o.FallbackChain.Add("ollama/llama3.2");
            })
            .AddOpenAI(o => (o.ApiKey, o.Endpoint) = ("sk-test-openai-key", _openai.BaseAddress))
            .AddAnthropic(o => (o.ApiKey, o.Endpoint) = ("sk-ant-test-key", _anthropic.BaseAddress))
            .AddGemini(o => (o.ApiKey, o.Endpoint) = ("gemini-test-key", _gemini.BaseAddress))
            .AddOllama(o => o.Endpoint = _ollama.BaseAddress);
        _services = services.BuildServiceProvider();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await Task.WhenAll(_openai.DisposeAsync().AsTask(), _anthropic.DisposeAsync().AsTask(), _gemini.DisposeAsync().AsTask(), _ollama.DisposeAsync().AsTask());
    }

    [Fact]
    public async Task Router_OpenAIOverloaded_FailsOverToAnthropic()
    {
        _openai.Respond(503, OpenAIOverloaded);
        _anthropic.Respond(200, AnthropicText);

        var response = await Chat.GetResponseAsync("hello", new ChatOptions { ModelId = "openai/gpt-4o-mini" });

        Assert.Equal("from claude", response.Text);
        var info = response.GetRouteInfo()!;
        Assert.Equal("anthropic", info.Provider);
        Assert.Equal([("openai", (LlmErrorKind?)LlmErrorKind.Unavailable), ("anthropic", null)], info.Attempts.Select(a => (a.Provider, a.Error)));
        Assert.Equal(ModelCatalog.Default.Resolve("anthropic/claude-haiku-4-5").Pricing.CalculateCost(12, 4), info.Cost);
        Assert.DoesNotContain("sk-test-openai-key", string.Join(" ", info.Attempts.Select(a => a.ErrorMessage)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Router_AnthropicOverloadedThenGeminiRateLimited_FailsOverToOllamaAndCoolsGeminiDown()
    {
        _anthropic.Respond(529, AnthropicOverloaded);
        _gemini.Respond(429, GeminiExhausted);
        _ollama.Respond(200, OllamaText);

        var response = await Chat.GetResponseAsync("hello", new ChatOptions { ModelId = "anthropic/claude-haiku-4-5" });

        Assert.Equal("from ollama", response.Text);
        Assert.Equal(
            [("anthropic", (LlmErrorKind?)LlmErrorKind.Unavailable), ("gemini", LlmErrorKind.RateLimited), ("ollama", null)],
            response.GetRouteInfo()!.Attempts.Select(a => (a.Provider, a.Error)));
        var gemini = (await _services.GetRequiredService<ILlmRouter>().GetProvidersAsync()).Single(p => p.Name == "gemini");
        Assert.Contains(gemini.Routes, r => r.ModelKey == "gemini/gemini-2.5-flash" && r.IsCoolingDown);
    }

    [Fact]
    public async Task Router_StreamFailingBeforeItsFirstUpdate_FailsOverToAnotherPackage()
    {
        _openai.Respond(503, OpenAIOverloaded);
        _anthropic.RespondStream(LoopbackHttpServer.SplitSse(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-haiku-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":8,\"output_tokens\":1}}}\n\n" +
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n" +
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"streamed by claude\"}}\n\n" +
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n" +
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":5}}\n\n" +
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in Chat.GetStreamingResponseAsync("hello", new ChatOptions { ModelId = "openai/gpt-4o-mini" }))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        Assert.Equal("streamed by claude", response.Text);
        Assert.Equal("anthropic", response.GetRouteInfo()!.Provider);
        Assert.Equal(5, response.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task Router_InvalidRequestAtOneProvider_FailsAtOnceWithoutTryingTheOthers()
    {
        _openai.Respond(400, """{"error":{"message":"Invalid 'messages': empty array.","type":"invalid_request_error","param":"messages","code":null}}""");

        var ex = await Assert.ThrowsAnyAsync<LlmException>(() => Chat.GetResponseAsync("hello", new ChatOptions { ModelId = "openai/gpt-4o-mini" }));

        Assert.Equal(LlmErrorKind.InvalidRequest, ex.Kind);
        Assert.Empty(_anthropic.Requests);
        Assert.Empty(_gemini.Requests);
    }
}
