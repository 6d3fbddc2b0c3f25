using System.Text.Json;
using System.Text.Json.Nodes;
using LlmRouter.Gemini.Tests.TestSupport;
using LlmRouter.Tests.Shared;
using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Gemini.Tests.Chat;

public sealed class GeminiChatClientTests
{
    private static readonly AIFunction GetWeather = AIFunctionFactory.Create((string location) => "sunny", "GetWeather", "return the real time weather of the location");

    private static IEnumerable<ChatMessage> Melbourne => [new(ChatRole.User, "What's the weather like in Melbourne?")];

    [Fact]
    public async Task GetResponseAsync_SendsWhatTheRecordedRequestSent()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, WireFixtures.Body("gemini.generateContent.function_call.response.json"));
        using var provider = TestProviders.Create(server);
        var fixture = WireFixtures.Node("gemini.generateContent.function_call.request.json");

        await provider.GetChatClient("gemini-2.0-flash").GetResponseAsync(Melbourne, new ChatOptions { Tools = [GetWeather] });

        var request = Assert.Single(server.Requests);
        Assert.Equal((string)fixture["method"]!, request.Method);
        Assert.Equal((string)fixture["url"]!, request.Path);
        Assert.Equal(TestProviders.ApiKey, request.Headers["x-goog-api-key"]);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.DoesNotContain(TestProviders.ApiKey, request.Path, StringComparison.Ordinal);

        var sent = JsonNode.Parse(request.Body)!;
        var expected = fixture["body"]!;
        Assert.True(JsonNode.DeepEquals(expected["contents"], sent["contents"]), sent["contents"]!.ToJsonString());
        var expectedFunction = expected["tools"]![0]!["functionDeclarations"]![0]!;
        var sentFunction = sent["tools"]![0]!["functionDeclarations"]![0]!;
        Assert.Equal((string)expectedFunction["name"]!, (string)sentFunction["name"]!);
        Assert.Equal((string)expectedFunction["description"]!, (string)sentFunction["description"]!);
        // The recording used the OpenAPI-subset "parameters" (type names upper-case); we send the same schema as JSON Schema.
        Assert.Equal(NormalizeSchema(expectedFunction["parameters"]!), NormalizeSchema(sentFunction["parametersJsonSchema"]!));
    }

    [Fact]
    public async Task GetResponseAsync_RecordedFunctionCall_ReturnsToolCallAndUsage()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, WireFixtures.Body("gemini.generateContent.function_call.response.json"), "application/json; charset=UTF-8");
        using var provider = TestProviders.Create(server);

        var response = await provider.GetChatClient("gemini-2.0-flash").GetResponseAsync(Melbourne, new ChatOptions { Tools = [GetWeather] });

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("GetWeather", call.Name);
        Assert.Equal("Melbourne", call.Arguments!["location"]!.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(24, response.Usage!.InputTokenCount);
        Assert.Equal(4, response.Usage.OutputTokenCount);
        Assert.NotNull(response.CreatedAt);
    }

    [Fact]
    public async Task GetResponseAsync_ModelIdOption_OverridesTheClientsModel()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, """{"candidates":[{"content":{"role":"model","parts":[{"text":"hi"}]},"finishReason":"STOP"}]}""");
        using var provider = TestProviders.Create(server);

        var response = await provider.GetChatClient("gemini-2.5-flash").GetResponseAsync("hello", new ChatOptions { ModelId = "gemini-2.5-pro" });

        Assert.Equal("/v1beta/models/gemini-2.5-pro:generateContent", server.Requests[0].Path);
        Assert.Equal("hi", response.Text);
        Assert.Equal("gemini-2.5-pro", response.ModelId);
    }

    [Theory]
    [InlineData("events")]
    [InlineData("crlf")]
    [InlineData("cr")]
    [InlineData("lf")]
    [InlineData("fragments")]
    public async Task GetStreamingResponseAsync_RecordedTextStream_ParsesEveryFraming(string framing)
    {
        var raw = WireFixtures.Read("gemini.streamGenerateContent.text.sse");
        IEnumerable<string> chunks = framing switch
        {
            "events" => LoopbackHttpServer.SplitSse(raw),
            "crlf" => [raw],
            "cr" => [raw.Replace("\r\n", "\r", StringComparison.Ordinal)],
            "lf" => [raw.Replace("\r\n", "\n", StringComparison.Ordinal)],
            _ => raw.Chunk(7).Select(c => new string(c)), // events split across reads
        };
        await using var server = new LoopbackHttpServer();
        server.RespondStream(chunks);
        using var provider = TestProviders.Create(server);

        var updates = await provider.GetChatClient("gemini-2.0-flash").GetStreamingResponseAsync("What is the capital of France?").ToListAsync();

        Assert.Equal("/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse", server.Requests[0].Path);
        var response = updates.ToChatResponse();
        Assert.Equal("The capital of France is **Paris**.\n", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(7, response.Usage!.InputTokenCount);
        Assert.Equal(9, response.Usage.OutputTokenCount);
        Assert.Equal(16, response.Usage.TotalTokenCount);
        Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal("6T2taP_mOvaAn9kPp4X_0Ao", response.ResponseId);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_RecordedFunctionCallStream_ReturnsToolCallAndSameUsageAsUnary()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(LoopbackHttpServer.SplitSse(WireFixtures.Read("gemini.streamGenerateContent.function_call.sse")));
        server.Respond(200, WireFixtures.Body("gemini.generateContent.function_call.response.json"));
        using var provider = TestProviders.Create(server);
        var client = provider.GetChatClient("gemini-2.0-flash");

        var streamed = (await client.GetStreamingResponseAsync(Melbourne, new ChatOptions { Tools = [GetWeather] }).ToListAsync()).ToChatResponse();
        var unary = await client.GetResponseAsync(Melbourne, new ChatOptions { Tools = [GetWeather] });

        var call = Assert.Single(streamed.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("GetWeather", call.Name);
        Assert.Equal("Melbourne", call.Arguments!["location"]!.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, streamed.FinishReason);
        Assert.Equal(unary.FinishReason, streamed.FinishReason);
        Assert.Equal(unary.Usage!.InputTokenCount, streamed.Usage!.InputTokenCount);
        Assert.Equal(unary.Usage.OutputTokenCount, streamed.Usage.OutputTokenCount);
        Assert.Equal(unary.Usage.TotalTokenCount, streamed.Usage.TotalTokenCount);
        var sent = JsonNode.Parse(server.Requests[0].Body)!;
        Assert.Equal("GetWeather", (string)sent["tools"]![0]!["functionDeclarations"]![0]!["name"]!);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamedThoughtSignature_SurvivesToChatResponseIntoTheNextRequest()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(
        [
            "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Let me check.\"}]}}]}\n\n",
            "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"GetWeather\",\"args\":{\"location\":\"Melbourne\"}},\"thoughtSignature\":\"c2ln\"}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":4,\"thoughtsTokenCount\":5,\"totalTokenCount\":12}}\n\n",
        ]);
        server.Respond(200, """{"candidates":[{"content":{"role":"model","parts":[{"text":"Sunny."}]},"finishReason":"STOP"}]}""");
        using var provider = TestProviders.Create(server);
        var client = provider.GetChatClient("gemini-3-flash-preview");

        var first = (await client.GetStreamingResponseAsync(Melbourne, new ChatOptions { Tools = [GetWeather] }).ToListAsync()).ToChatResponse();
        var call = first.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single();
        List<ChatMessage> history = [.. Melbourne, .. first.Messages, new(ChatRole.Tool, [new FunctionResultContent(call.CallId, "sunny")])];
        await client.GetResponseAsync(history, new ChatOptions { Tools = [GetWeather] });

        Assert.Equal(5, first.Usage!.ReasoningTokenCount);
        Assert.Equal(9, first.Usage.OutputTokenCount);
        var modelTurn = JsonNode.Parse(server.Requests[1].Body)!["contents"]![1]!;
        Assert.Equal("model", (string)modelTurn["role"]!);
        var callPart = modelTurn["parts"]!.AsArray().Single(p => p!["functionCall"] is not null)!;
        Assert.Equal("c2ln", (string)callPart["thoughtSignature"]!);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConnectionCutMidStream_ThrowsLlmExceptionAfterThePartialText()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(LoopbackHttpServer.SplitSse(WireFixtures.Read("gemini.streamGenerateContent.text.sse")), cutAfterChunks: 1);
        using var provider = TestProviders.Create(server);
        var received = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<LlmException>(async () =>
        {
            await foreach (var update in provider.GetChatClient("gemini-2.0-flash").GetStreamingResponseAsync("capital?"))
            {
                received.Add(update);
            }
        });

        Assert.Equal("The", string.Concat(received.Select(u => u.Text)));
        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind); // the stream had started
        var cause = Assert.IsType<LlmException>(ex.InnerException);
        Assert.Equal(LlmErrorKind.Unavailable, cause.Kind);
        Assert.Equal("The", ex.PartialText);
        Assert.Equal("gemini", ex.Provider);
        Assert.Equal("gemini-2.0-flash", ex.Model);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamEndingWithoutFinishReason_ThrowsInsteadOfEndingSilently()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(LoopbackHttpServer.SplitSse(WireFixtures.Read("gemini.streamGenerateContent.text.sse")).Take(2));
        using var provider = TestProviders.Create(server);

        var ex = await Assert.ThrowsAsync<LlmException>(async () => await provider.GetChatClient("gemini-2.0-flash").GetStreamingResponseAsync("capital?").ToListAsync());

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind); // the stream had started
        var cause = Assert.IsType<LlmException>(ex.InnerException);
        Assert.Equal(LlmErrorKind.Unavailable, cause.Kind);
        Assert.Contains("finishReason", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_RecordedStreaming404_IsModelNotFound()
    {
        var fixture = WireFixtures.Node("gemini.error.404.model_not_found.stream.json");
        await using var server = new LoopbackHttpServer();
        server.Respond((int)fixture["status"]!, fixture["body"]!.ToJsonString(), (string)fixture["headers"]!["Content-Type"]!);
        using var provider = TestProviders.Create(server);

        var ex = await Assert.ThrowsAsync<LlmException>(async () => await provider.GetChatClient("wrong-model-name").GetStreamingResponseAsync("hi").ToListAsync());

        Assert.Equal((string)fixture["request_url"]!, server.Requests[0].Path);
        Assert.Equal(LlmErrorKind.ModelNotFound, ex.Kind);
        Assert.Equal(404, ex.StatusCode);
        Assert.Contains("wrong-model-name is not found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_Recorded404_IsModelNotFound()
    {
        var fixture = WireFixtures.Node("gemini.error.404.model_not_found.json");
        await using var server = new LoopbackHttpServer();
        server.Respond(404, fixture["body"]!.ToJsonString(), "application/json; charset=UTF-8");
        using var provider = TestProviders.Create(server);

        var ex = await Assert.ThrowsAsync<LlmException>(() => provider.GetChatClient("wrong-model-name").GetResponseAsync("hi"));

        Assert.Equal((string)fixture["request_url"]!, server.Requests[0].Path);
        Assert.Equal(LlmErrorKind.ModelNotFound, ex.Kind);
    }

    [Theory]
    [InlineData(400, LlmErrorKind.Authentication)]
    [InlineData(429, LlmErrorKind.QuotaExhausted)]
    [InlineData(503, LlmErrorKind.Unavailable)]
    public async Task GetResponseAsync_RecordedErrorBodies_MapToTheirKind(int status, LlmErrorKind kind)
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(status, WireFixtures.ErrorBody(status));
        server.RespondStream([WireFixtures.ErrorBody(status)], status: status);
        using var provider = TestProviders.Create(server);
        var client = provider.GetChatClient("gemini-2.5-flash");

        var unary = await Assert.ThrowsAsync<LlmException>(() => client.GetResponseAsync("hi"));
        var streamed = await Assert.ThrowsAsync<LlmException>(async () => await client.GetStreamingResponseAsync("hi").ToListAsync());

        Assert.Equal(kind, unary.Kind);
        Assert.Equal(kind, streamed.Kind);
        Assert.Equal(status, unary.StatusCode);
        Assert.Equal(unary.RetryAfter, streamed.RetryAfter);
    }

    [Fact]
    public async Task GetResponseAsync_RateLimited_CarriesRetryInfoDelay()
    {
        var body = WireFixtures.ErrorBody(429).Replace("PerDay", "PerMinute", StringComparison.Ordinal);
        await using var server = new LoopbackHttpServer();
        server.Respond(429, body);
        using var provider = TestProviders.Create(server);

        var ex = await Assert.ThrowsAsync<LlmException>(() => provider.GetChatClient("gemini-2.5-flash").GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.RateLimited, ex.Kind);
        Assert.Equal(TimeSpan.FromSeconds(32), ex.RetryAfter);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorEventMidStream_IsMapped()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(
        [
            LoopbackHttpServer.SplitSse(WireFixtures.Read("gemini.streamGenerateContent.text.sse"))[0],
            "data: {\"error\":{\"code\":503,\"message\":\"The model is overloaded. Please try again later.\",\"status\":\"UNAVAILABLE\"}}\n\n",
        ]);
        using var provider = TestProviders.Create(server);

        var ex = await Assert.ThrowsAsync<LlmException>(async () => await provider.GetChatClient("gemini-2.5-flash").GetStreamingResponseAsync("hi").ToListAsync());

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind); // the stream had started
        var cause = Assert.IsType<LlmException>(ex.InnerException);
        Assert.Equal(LlmErrorKind.Unavailable, cause.Kind);
        Assert.Contains("overloaded", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_BlockedPrompt_IsContentFilteredBeforeAnyUpdate()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(["data: {\"promptFeedback\":{\"blockReason\":\"SAFETY\"},\"usageMetadata\":{\"promptTokenCount\":4,\"totalTokenCount\":4}}\n\n"]);
        using var provider = TestProviders.Create(server);
        var received = 0;

        var ex = await Assert.ThrowsAsync<LlmException>(async () =>
        {
            await foreach (var update in provider.GetChatClient("gemini-2.5-flash").GetStreamingResponseAsync("hi"))
            {
                received++;
            }
        });

        Assert.Equal(LlmErrorKind.ContentFiltered, ex.Kind);
        Assert.Equal(0, received);
    }

    [Theory]
    [InlineData("{\"candidates\":[{\"content\":")]
    [InlineData("<html>not json</html>")]
    [InlineData("")]
    public async Task GetResponseAsync_MalformedBody_IsAClearLlmException(string body)
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, body);
        using var provider = TestProviders.Create(server);

        var ex = await Assert.ThrowsAsync<LlmException>(() => provider.GetChatClient("gemini-2.5-flash").GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.Unknown, ex.Kind);
        Assert.Contains("malformed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_MalformedEvent_IsAClearLlmException()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(["data: {\"candidates\":[{\"content\":\n\n"]);
        using var provider = TestProviders.Create(server);

        var ex = await Assert.ThrowsAsync<LlmException>(async () => await provider.GetChatClient("gemini-2.5-flash").GetStreamingResponseAsync("hi").ToListAsync());

        Assert.Equal(LlmErrorKind.Unknown, ex.Kind);
        Assert.IsAssignableFrom<JsonException>(ex.InnerException);
    }

    [Fact]
    public async Task GetResponseAsync_ErrorEchoingTheKey_NeverShowsTheKey()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(400, $$$"""{"error":{"code":400,"message":"API key not valid: {{{TestProviders.ApiKey}}}","status":"INVALID_ARGUMENT"}}""");
        using var provider = TestProviders.Create(server);

        var ex = await Assert.ThrowsAsync<LlmException>(() => provider.GetChatClient("gemini-2.5-flash").GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.DoesNotContain(TestProviders.ApiKey, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_CallerCancels_PropagatesOperationCanceledException()
    {
        var handler = new HangingHandler();
        using var http = new HttpClient(handler);
        using var provider = new GeminiProvider(new GeminiProviderOptions { ApiKey = TestProviders.ApiKey, HttpClient = http }, null, null, TestProviders.NoEnvironment);
        using var cts = new CancellationTokenSource();

        var call = provider.GetChatClient("gemini-2.5-flash").GetResponseAsync("hi", cancellationToken: cts.Token);
        await handler.Started;
        await cts.CancelAsync();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.IsNotType<LlmException>(ex);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CallerCancels_PropagatesOperationCanceledException()
    {
        var handler = new HangingHandler();
        using var http = new HttpClient(handler);
        using var provider = new GeminiProvider(new GeminiProviderOptions { ApiKey = TestProviders.ApiKey, HttpClient = http }, null, null, TestProviders.NoEnvironment);
        using var cts = new CancellationTokenSource();

        var call = provider.GetChatClient("gemini-2.5-flash").GetStreamingResponseAsync("hi", cancellationToken: cts.Token).ToListAsync().AsTask();
        await handler.Started;
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task GetResponseAsync_NetworkTimeout_IsTimeoutOnTheInjectedClock()
    {
        var time = new FakeTimeProvider();
        var handler = new HangingHandler();
        using var http = new HttpClient(handler);
        var options = new GeminiProviderOptions { ApiKey = TestProviders.ApiKey, HttpClient = http, NetworkTimeout = TimeSpan.FromSeconds(5) };
        using var provider = new GeminiProvider(options, time, null, TestProviders.NoEnvironment);

        var call = provider.GetChatClient("gemini-2.5-flash").GetResponseAsync("hi");
        await handler.Started;
        time.Advance(TimeSpan.FromSeconds(6));

        var ex = await Assert.ThrowsAsync<LlmException>(() => call);
        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
        Assert.Contains("00:00:05", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_ServerUnreachable_IsUnavailable()
    {
        var server = new LoopbackHttpServer();
        var endpoint = server.BaseAddress;
        await server.DisposeAsync();
        using var provider = new GeminiProvider(new GeminiProviderOptions { ApiKey = TestProviders.ApiKey, Endpoint = endpoint }, null, null, TestProviders.NoEnvironment);

        var ex = await Assert.ThrowsAsync<LlmException>(() => provider.GetChatClient("gemini-2.5-flash").GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.Unavailable, ex.Kind);
        Assert.IsAssignableFrom<HttpRequestException>(ex.InnerException);
    }

    [Fact]
    public void GetService_ReturnsMetadata()
    {
        using var provider = new GeminiProvider(new GeminiProviderOptions { ApiKey = TestProviders.ApiKey }, null, null, TestProviders.NoEnvironment);

        var metadata = provider.GetChatClient("gemini-2.5-flash").GetService<ChatClientMetadata>()!;

        Assert.Equal("gemini", metadata.ProviderName);
        Assert.Equal("gemini-2.5-flash", metadata.DefaultModelId);
        Assert.Equal(new Uri("https://generativelanguage.googleapis.com/v1beta/"), metadata.ProviderUri);
    }

    /// <summary>Reduces a schema to what both dialects share: lower-case types, properties and required names.</summary>
    private static string NormalizeSchema(JsonNode schema)
    {
        var properties = schema["properties"]!.AsObject()
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}:{((string)p.Value!["type"]!).ToLowerInvariant()}");
        IEnumerable<string> required = schema["required"]?.AsArray().Select(r => (string)r!).Order(StringComparer.Ordinal) ?? Enumerable.Empty<string>();
        return $"{((string)schema["type"]!).ToLowerInvariant()} [{string.Join(",", properties)}] required [{string.Join(",", required)}]";
    }
}
