using System.Net;
using System.Text;
using LlmRouter.AspNetCore.Tests.TestSupport;
using LlmRouter.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static LlmRouter.AspNetCore.Tests.TestSupport.Json;

namespace LlmRouter.AspNetCore.Tests.Errors;

/// <summary>Every error a client can get, in OpenAI's envelope with the status it expects, and never a stack trace.</summary>
public class ErrorStatusTests
{
    private const string Hi = """{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}""";

    public static TheoryData<string, string?> BadRequests => new()
    {
        { """{"model":"openai/gpt-4o-mini"}""", "messages" },
        { """{"messages":[{"role":"user","content":"Hi"}]}""", "model" },
        { """{"model":"openai/gpt-4o-mini","messages":[]}""", "messages" },
        { """{"model":"openai/gpt-4o-mini","messages":[{"role":"wizard","content":"Hi"}]}""", "messages[0].role" },
        { """{"model":"openai/gpt-4o-mini","messages":[{"role":"user"}]}""", "messages[0].content" },
        { """{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Hi"},{"role":"tool","content":"42"}]}""", "messages[1].tool_call_id" },
        { """{"model":"openai/gpt-4o-mini","messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"[1"}}]}]}""", "messages[0].tool_calls[0].function.arguments" },
        { """{"model":"openai/gpt-4o-mini","n":2,"messages":[{"role":"user","content":"Hi"}]}""", "n" },
        { """{"model":"openai/gpt-4o-mini","temperature":3,"messages":[{"role":"user","content":"Hi"}]}""", "temperature" },
        { """{"model":"openai/gpt-4o-mini","max_tokens":0,"messages":[{"role":"user","content":"Hi"}]}""", "max_tokens" },
        { """{"model":"openai/gpt-4o-mini","logprobs":true,"messages":[{"role":"user","content":"Hi"}]}""", "logprobs" },
        { """{"model":"openai/gpt-4o-mini","response_format":{"type":"yaml"},"messages":[{"role":"user","content":"Hi"}]}""", "response_format.type" },
        { """{"model":"openai/gpt-4o-mini","response_format":{"type":"json_schema"},"messages":[{"role":"user","content":"Hi"}]}""", "response_format.json_schema" },
        { """{"model":"openai/gpt-4o-mini","tool_choice":"required","messages":[{"role":"user","content":"Hi"}]}""", "tool_choice" },
        { """{"model":"openai/gpt-4o-mini","tools":[{"type":"retrieval"}],"messages":[{"role":"user","content":"Hi"}]}""", "tools[0]" },
        { """{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://x/y.png"}}]}]}""", "messages[0].content[0].image_url.url" },
        { """{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,%%%"}}]}]}""", "messages[0].content[0].image_url.url" },
        { """{"model":"openai/text-embedding-3-small","messages":[{"role":"user","content":"Hi"}]}""", "model" },
        { """{"model":"auto","llmrouter":{"max_tier":"galactic"},"messages":[{"role":"user","content":"Hi"}]}""", "llmrouter.max_tier" },
        { """{"model":"openai/gpt-4o-mini","messages":"Hi"}""", null },
        { """{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Hi"}],"stop":7}""", null },
        { """{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Hi"}""", null },
        { "", null },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadRequest_Is400NamingTheField_AndNeverReachesAProvider(string json, string? param)
    {
        var openai = new FakeLlmProvider("openai");
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai));

        var (response, body) = await PostAsync(gw.Client(), "v1/chat/completions", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = AssertEnvelope(body, "invalid_request_error");
        if (param is not null)
        {
            Assert.Equal(param, (string?)error["param"]);
        }

        Assert.Empty(openai.GetChatClientCalls);
        Assert.All(openai.Clients.Values, c => Assert.Equal(0, c.CallCount));
    }

    [Fact]
    public async Task NoKey_Is401_AndNeverReachesAProvider()
    {
        var openai = new FakeLlmProvider("openai");
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai), withKeys: true);

        var (response, body) = await PostAsync(gw.Client(), "v1/chat/completions", Hi);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", (string?)AssertEnvelope(body, "invalid_request_error")["code"]);
        Assert.Equal(0, openai.ForModel("gpt-4o-mini").CallCount);
    }

    [Theory]
    [InlineData("sk-gw-acme-0123456789abcdefXY")]
    [InlineData("sk-gw-acme-0123456789abcdefXYZ0")]
    [InlineData("SK-GW-ACME-0123456789ABCDEFXYZ")]
    [InlineData("garbage")]
    public async Task WrongKey_Is401_AndNeverLogged(string key)
    {
        var openai = new FakeLlmProvider("openai");
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai), withKeys: true);

        var (response, body) = await PostAsync(gw.Client(key), "v1/chat/completions", Hi);
        var (ok, _) = await PostAsync(gw.Client(GatewayHost.AcmeKey), "v1/chat/completions", Hi);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", (string?)AssertEnvelope(body, "invalid_request_error")["code"]);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(1, openai.ForModel("gpt-4o-mini").CallCount);
        Assert.Contains("no valid caller key", gw.Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(key, gw.Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayHost.AcmeKey, gw.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AzureStyleApiKeyHeader_IsAccepted()
    {
        var openai = new FakeLlmProvider("openai");
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai), withKeys: true);
        var client = gw.Client();
        client.DefaultRequestHeaders.Add("api-key", GatewayHost.GlobexKey);

        var (response, _) = await PostAsync(client, "v1/chat/completions", Hi);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var usage = await gw.Services.GetRequiredService<IUsageTracker>().GetSummaryAsync(new UsageQuery { Tenant = "globex" });
        Assert.Equal(1, usage.Requests);
    }

    [Fact]
    public async Task UnknownModel_Is404WithCloseMatches_AndNeverReachesAProvider()
    {
        var openai = new FakeLlmProvider("openai");
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai));

        var (response, body) = await PostAsync(gw.Client(), "v1/chat/completions", """{"model":"gpt-4o-mimi","messages":[{"role":"user","content":"Hi"}]}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = AssertEnvelope(body, "invalid_request_error");
        Assert.Equal("model_not_found", (string?)error["code"]);
        Assert.Equal("model", (string?)error["param"]);
        Assert.Contains("gpt-4o-mini", (string?)error["message"], StringComparison.Ordinal);
        Assert.Empty(openai.GetChatClientCalls);
    }

    [Fact]
    public async Task ModelOfAnUnconfiguredProvider_Is404()
    {
        var anthropic = new FakeLlmProvider("anthropic") { IsConfigured = false, NotConfiguredReason = "no ANTHROPIC_API_KEY" };
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(new FakeLlmProvider("openai")).AddProvider(anthropic));

        var (response, body) = await PostAsync(gw.Client(), "v1/chat/completions", """{"model":"anthropic/claude-haiku-4-5","messages":[{"role":"user","content":"Hi"}]}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("model_not_found", (string?)AssertEnvelope(body, "invalid_request_error")["code"]);
        Assert.Empty(anthropic.GetChatClientCalls);
    }

    [Fact]
    public async Task UnknownPath_Is404InTheEnvelope()
    {
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(new FakeLlmProvider("openai")));

        var (response, body) = await PostAsync(gw.Client(), "v1/assistants", "{}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("unknown_url", (string?)AssertEnvelope(body, "invalid_request_error")["code"]);
    }

    [Fact]
    public async Task BodyOverTheLimit_Is413_WhetherItsLengthIsDeclaredOrNot()
    {
        var openai = new FakeLlmProvider("openai");
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai), configuration: new Dictionary<string, string?> { ["LlmRouter:Gateway:MaxRequestBodySize"] = "2048" });
        var big = """{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":" """ + new string('x', 4096) + "\"}]}";

        var (declared, declaredBody) = await PostAsync(gw.Client(), "v1/chat/completions", big);
        var streamed = await gw.Client().SendAsync(new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new ChunkedContent(big) });
        var streamedBody = System.Text.Json.Nodes.JsonNode.Parse(await streamed.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal("request_too_large", (string?)AssertEnvelope(declaredBody, "invalid_request_error")["code"]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Equal("request_too_large", (string?)AssertEnvelope(streamedBody, "invalid_request_error")["code"]);
        Assert.Empty(openai.GetChatClientCalls);
    }

    [Fact]
    public async Task ProviderRateLimit_Is429WithTheProvidersRetryAfter()
    {
        var openai = new FakeLlmProvider("openai");
        openai.ForModel("gpt-4o-mini").EnqueueFailure(LlmErrorKind.RateLimited, retryAfter: TimeSpan.FromSeconds(20));
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai));

        var (response, body) = await PostAsync(gw.Client(), "v1/chat/completions", Hi);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("rate_limit_exceeded", (string?)AssertEnvelope(body, "rate_limit_error")["code"]);
        Assert.Equal("20", Header(response, "Retry-After"));
        Assert.Equal("20000", Header(response, "retry-after-ms"));
    }

    [Fact]
    public async Task TenantBudget_Is429UntilTheBudgetsDayEnds_AndNeverReachesAProvider()
    {
        var openai = new FakeLlmProvider("openai");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 23, 0, 0, TimeSpan.Zero));
        await using var gw = await GatewayHost.StartAsync(
            r => r.AddProvider(openai),
            o => o.Budgets.Tenants["acme"] = new TenantBudget { DailyLimit = 0.0000001m },
            withKeys: true,
            services: s => s.AddSingleton<TimeProvider>(time));

        var (response, body) = await PostAsync(gw.Client(GatewayHost.AcmeKey), "v1/chat/completions", Hi);
        var (other, _) = await PostAsync(gw.Client(GatewayHost.GlobexKey), "v1/chat/completions", Hi);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("budget_exceeded", (string?)AssertEnvelope(body, "insufficient_quota")["code"]);
        Assert.Equal("3600", Header(response, "Retry-After"));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode); // another tenant's budget is its own
        Assert.Equal(1, openai.ForModel("gpt-4o-mini").CallCount);
    }

    [Theory]
    [InlineData(LlmErrorKind.Unavailable, HttpStatusCode.ServiceUnavailable, "upstream_unavailable")]
    [InlineData(LlmErrorKind.Authentication, HttpStatusCode.BadGateway, "upstream_authentication")]
    [InlineData(LlmErrorKind.Timeout, HttpStatusCode.BadGateway, "upstream_timeout")]
    [InlineData(LlmErrorKind.Unknown, HttpStatusCode.BadGateway, "upstream_error")]
    [InlineData(LlmErrorKind.QuotaExhausted, HttpStatusCode.TooManyRequests, "insufficient_quota")]
    [InlineData(LlmErrorKind.ContextTooLong, HttpStatusCode.BadRequest, "context_length_exceeded")]
    public async Task EveryRouteFailing_IsTheStatusAClientExpects(LlmErrorKind kind, HttpStatusCode status, string code)
    {
        var openai = new FakeLlmProvider("openai");
        openai.ForModel("gpt-4o-mini").AlwaysFail(kind);
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai));

        var (response, body) = await PostAsync(gw.Client(), "v1/chat/completions", Hi);

        Assert.Equal(status, response.StatusCode);
        var error = AssertEnvelope(body, null);
        Assert.Equal(code, (string?)error["code"]);
        Assert.Contains("openai/gpt-4o-mini", (string?)error["message"], StringComparison.Ordinal);
        if (status == HttpStatusCode.TooManyRequests)
        {
            Assert.Equal("1", Header(response, "Retry-After"));
        }
    }

    [Fact]
    public async Task UnexpectedFailure_Is500WithoutDetails_AndIsLogged()
    {
        var chat = new ThrowingChatClient(new InvalidOperationException("internal detail 5f3a"));
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(new FakeLlmProvider("openai")), services: s => s.AddSingleton<IChatClient>(chat));

        var (response, body) = await PostAsync(gw.Client(), "v1/chat/completions", Hi);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var error = AssertEnvelope(body, "server_error");
        Assert.DoesNotContain("5f3a", (string?)error["message"], StringComparison.Ordinal);
        Assert.Contains("internal detail 5f3a", gw.Logs.All, StringComparison.Ordinal);
    }

    private static System.Text.Json.Nodes.JsonNode AssertEnvelope(System.Text.Json.Nodes.JsonNode? body, string? type)
    {
        Assert.NotNull(body);
        var error = body!["error"]!;
        Assert.False(string.IsNullOrWhiteSpace((string?)error["message"]));
        if (type is not null)
        {
            Assert.Equal(type, (string?)error["type"]);
        }

        var text = body.ToJsonString();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs:line", text, StringComparison.Ordinal);
        Assert.True(error.AsObject().ContainsKey("param") && error.AsObject().ContainsKey("code"));
        return error;
    }

    /// <summary>Sends a body without a Content-Length, in chunks.</summary>
    private sealed class ChunkedContent(string text) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private sealed class ThrowingChatClient(Exception exception) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) => throw exception;

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) => throw exception;

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
