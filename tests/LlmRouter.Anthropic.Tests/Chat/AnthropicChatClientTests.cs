using System.Text.Json;
using System.Text.Json.Nodes;
using LlmRouter.Anthropic.Tests.TestSupport;

namespace LlmRouter.Anthropic.Tests.Chat;

public partial class AnthropicChatClientTests
{
    [Fact]
    public async Task GetResponseAsync_SendsTheFixtureRequest_AndParsesTheToolCall()
    {
        await using var fx = new AnthropicFixture();
        fx.Server.Respond(200, Wire.Read("anthropic.messages.tool_use.response.json"));

        var response = await fx.Client().GetResponseAsync(
            "What's the weather in San Francisco?",
            new ChatOptions { ModelId = "claude-haiku-4-5", Tools = [Wire.WeatherTool()] });

        var request = Assert.Single(fx.Server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/messages", request.Path);
        var sent = JsonNode.Parse(request.Body)!;
        var expected = Wire.Json("anthropic.messages.tool_use.request.json");
        Assert.Equal(expected["model"]!.GetValue<string>(), sent["model"]!.GetValue<string>());
        Assert.Equal(1024, sent["max_tokens"]!.GetValue<int>());
        Assert.True(JsonNode.DeepEquals(expected["messages"], sent["messages"]), sent["messages"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(expected["tools"], sent["tools"]), sent["tools"]!.ToJsonString());
        Assert.Null(sent["stream"]);

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("toolu_12345", call.CallId);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("San Francisco", call.Arguments!["location"]!.ToString());
        Assert.Equal("celsius", call.Arguments["unit"]!.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal("msg_tool_01", response.ResponseId);
        Assert.Equal(30, response.Usage!.InputTokenCount);
        Assert.Equal(15, response.Usage.OutputTokenCount);
        Assert.Equal(45, response.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task GetResponseAsync_SendsTheKeyAndNoRetries()
    {
        await using var fx = new AnthropicFixture();
        fx.Server.Respond(200, Wire.Read("anthropic.messages.tool_use.response.json"));

        await fx.Client().GetResponseAsync("hi");

        var headers = Assert.Single(fx.Server.Requests).Headers;
        var auth = headers.TryGetValue("x-api-key", out var apiKey) ? apiKey : headers["Authorization"];
        Assert.Contains(AnthropicFixture.Key, auth, StringComparison.Ordinal);
        Assert.Equal("0", headers["x-stainless-retry-count"]);
        Assert.True(headers.ContainsKey("anthropic-version"));
    }

    [Fact]
    public async Task GetResponseAsync_MaxOutputTokensOption_IsTheDefaultMaxTokens()
    {
        await using var fx = new AnthropicFixture(o => o.MaxOutputTokens = 4000);
        fx.Server.Respond(200, Wire.Read("anthropic.messages.tool_use.response.json"));
        fx.Server.Respond(200, Wire.Read("anthropic.messages.tool_use.response.json"));

        await fx.Client().GetResponseAsync("hi");
        await fx.Client().GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 50 });

        Assert.Equal(4000, JsonNode.Parse(fx.Server.Requests[0].Body)!["max_tokens"]!.GetValue<int>());
        Assert.Equal(50, JsonNode.Parse(fx.Server.Requests[1].Body)!["max_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task GetResponseAsync_CachedAndThinkingTokens_FollowTheRouterConvention()
    {
        await using var fx = new AnthropicFixture();
        fx.Server.Respond(200, Wire.CachedResponse);

        var response = await fx.Client().GetResponseAsync("Capital of France?");

        var usage = response.Usage!;
        Assert.Equal(160, usage.InputTokenCount); // 10 + 100 cache reads + 50 cache writes
        Assert.Equal(100, usage.CachedInputTokenCount);
        Assert.Equal(20, usage.OutputTokenCount);
        Assert.Equal(7, usage.ReasoningTokenCount);
        Assert.Equal(180, usage.TotalTokenCount);
        Assert.Equal(50, usage.AdditionalCounts![AnthropicSdkMapper.CacheCreationInputTokensKey]);
        Assert.False(usage.AdditionalCounts.ContainsKey(AnthropicSdkMapper.SdkCacheCreationKey));
        Assert.Equal("Paris.", response.Text);
        Assert.Contains(response.Messages.SelectMany(m => m.Contents), c => c is TextReasoningContent);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_SendsTheFixtureRequest_AndAssemblesTheToolCall()
    {
        await using var fx = new AnthropicFixture();
        fx.Server.RespondStream(Wire.Sse("anthropic.messages.tool_use.stream.sse"));

        var updates = await ToListAsync(fx.Client().GetStreamingResponseAsync("Call a tool", new ChatOptions { ModelId = "claude-haiku-4-5" }));

        var sent = JsonNode.Parse(Assert.Single(fx.Server.Requests).Body)!;
        var expected = Wire.Json("anthropic.messages.tool_use.stream.request.json");
        foreach (var field in new[] { "model", "max_tokens", "messages", "stream" })
        {
            Assert.True(JsonNode.DeepEquals(expected[field], sent[field]), $"{field}: {sent[field]?.ToJsonString()}");
        }

        var response = updates.ToChatResponse();
        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("toolu_stream_1", call.CallId);
        Assert.Equal("test_tool", call.Name);
        Assert.Equal("value", call.Arguments!["arg"]!.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details;
        Assert.Equal(10, usage.InputTokenCount); // from message_start
        Assert.Equal(10, usage.OutputTokenCount); // from message_delta
    }

    [Fact]
    public async Task GetStreamingResponseAsync_RealisticStream_ParsesTextFinishAndUsage()
    {
        await using var fx = new AnthropicFixture();
        fx.Server.RespondStream(Wire.Sse("anthropic.messages.text.stream.realistic.sse"));

        var updates = await ToListAsync(fx.Client("claude-opus-4-8").GetStreamingResponseAsync("Tell me about eclipses"));

        var response = updates.ToChatResponse();
        Assert.StartsWith(" there! Happy to explain.", response.Text, StringComparison.Ordinal);
        Assert.EndsWith("Just let me know what's sparking your interest!", response.Text, StringComparison.Ordinal);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        var usage = response.Usage!;
        Assert.Equal(31, usage.InputTokenCount);
        Assert.Equal(547, usage.OutputTokenCount);
        Assert.Equal(0, usage.CachedInputTokenCount);
        Assert.Equal(0, usage.ReasoningTokenCount);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_UsageIsMappedAsInTheNonStreamingPath()
    {
        await using var fx = new AnthropicFixture();
        fx.Server.Respond(200, Wire.CachedResponse);
        fx.Server.RespondStream(Wire.CachedStream());

        var whole = (await fx.Client().GetResponseAsync("Capital of France?")).Usage!;
        var streamed = (await ToListAsync(fx.Client().GetStreamingResponseAsync("Capital of France?"))).ToChatResponse();

        var usage = streamed.Usage!;
        Assert.Equal(whole.InputTokenCount, usage.InputTokenCount);
        Assert.Equal(whole.CachedInputTokenCount, usage.CachedInputTokenCount);
        Assert.Equal(whole.OutputTokenCount, usage.OutputTokenCount);
        Assert.Equal(whole.ReasoningTokenCount, usage.ReasoningTokenCount);
        Assert.Equal(50, usage.AdditionalCounts![AnthropicSdkMapper.CacheCreationInputTokensKey]);
        Assert.Equal(ChatFinishReason.Stop, streamed.FinishReason);
        Assert.Equal("Paris.", streamed.Text);
    }

    public static TheoryData<int, string, string, LlmErrorKind> ErrorCases() => new()
    {
        { 529, "overloaded_error", "Overloaded", LlmErrorKind.Unavailable },
        { 500, "api_error", "Internal server error", LlmErrorKind.Unavailable },
        { 503, "api_error", "Service unavailable", LlmErrorKind.Unavailable },
        { 429, "rate_limit_error", "Rate limited", LlmErrorKind.RateLimited },
        { 400, "invalid_request_error", "Bad request", LlmErrorKind.InvalidRequest },
        { 400, "invalid_request_error", "prompt is too long: 215000 tokens > 200000 maximum", LlmErrorKind.ContextTooLong },
        { 400, "invalid_request_error", "Your credit balance is too low to access the Anthropic API.", LlmErrorKind.QuotaExhausted },
        { 402, "billing_error", "Billing issue", LlmErrorKind.QuotaExhausted },
        { 401, "authentication_error", "invalid x-api-key", LlmErrorKind.Authentication },
        { 403, "permission_error", "Your API key does not have permission to use the specified resource.", LlmErrorKind.Authentication },
        { 404, "not_found_error", "model: claude-nonexistent", LlmErrorKind.ModelNotFound },
        { 413, "request_too_large", "Request exceeds the maximum allowed number of bytes.", LlmErrorKind.ContextTooLong },
    };

    [Fact]
    public async Task GetResponseAsync_CancelledByTheCaller_PropagatesOperationCanceledException()
    {
        await using var fx = new AnthropicFixture();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fx.Client().GetResponseAsync("hi", cancellationToken: cts.Token));

        Assert.IsNotType<LlmException>(ex);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CancelledMidStream_PropagatesOperationCanceledException()
    {
        await using var fx = new AnthropicFixture();
        fx.Server.RespondStream(Wire.Sse("anthropic.messages.text.stream.realistic.sse"));
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in fx.Client().GetStreamingResponseAsync("hi", cancellationToken: cts.Token))
            {
                if (update.Text.Length > 0)
                {
                    await cts.CancelAsync();
                }
            }
        });
    }

    [Fact]
    public async Task GetResponseAsync_NothingListening_IsUnavailable()
    {
        var server = new LlmRouter.Tests.Shared.LoopbackHttpServer();
        var endpoint = server.BaseAddress;
        await server.DisposeAsync();
        using var provider = new AnthropicProvider(new AnthropicProviderOptions { ApiKey = AnthropicFixture.Key, Endpoint = endpoint });

        var ex = await Assert.ThrowsAsync<LlmException>(() => provider.GetChatClient("claude-haiku-4-5").GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.Unavailable, ex.Kind);
        Assert.Null(ex.StatusCode);
    }

    [Fact]
    public async Task GetResponseAsync_ServerSilentBeyondTheNetworkTimeout_IsTimeout()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var endpoint = new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}/");
        using var provider = new AnthropicProvider(new AnthropicProviderOptions { ApiKey = AnthropicFixture.Key, Endpoint = endpoint, NetworkTimeout = TimeSpan.FromMilliseconds(300) });

        var ex = await Assert.ThrowsAsync<LlmException>(() => provider.GetChatClient("claude-haiku-4-5").GetResponseAsync("hi")).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task GetResponseAsync_DoesNotMutateTheCallersMessagesOrOptions()
    {
        await using var fx = new AnthropicFixture();
        fx.Server.Respond(200, Wire.Read("anthropic.messages.tool_use.response.json"));
        List<ChatMessage> messages = [new(ChatRole.System, "Be brief."), new(ChatRole.User, "Weather?")];
        var options = new ChatOptions { ModelId = "claude-haiku-4-5", Tools = [Wire.WeatherTool()], StopSequences = ["END"] };
        var before = JsonSerializer.Serialize(messages, AIJsonUtilities.DefaultOptions);

        await fx.Client().GetResponseAsync(messages, options);

        Assert.Equal(before, JsonSerializer.Serialize(messages, AIJsonUtilities.DefaultOptions));
        Assert.Equal("claude-haiku-4-5", options.ModelId);
        Assert.Single(options.Tools!);
        var sent = JsonNode.Parse(fx.Server.Requests[0].Body)!;
        Assert.Equal("Be brief.", sent["system"]!.AsArray()[0]!["text"]!.GetValue<string>());
        Assert.Equal("END", sent["stop_sequences"]![0]!.GetValue<string>());
        Assert.Single(options.StopSequences!);
    }

    [Fact]
    public async Task GetResponseAsync_JsonSchema_IsSentAsStructuredOutput()
    {
        await using var fx = new AnthropicFixture();
        fx.Server.Respond(200, """{"id":"msg_j","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[{"type":"text","text":"{\"city\":\"Paris\"}"}],"stop_reason":"end_turn","usage":{"input_tokens":5,"output_tokens":5}}""");
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement;

        var response = await fx.Client().GetResponseAsync("Capital of France as JSON", new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "City") });

        var format = JsonNode.Parse(Assert.Single(fx.Server.Requests).Body)!["output_config"]!["format"]!;
        Assert.Equal("json_schema", format["type"]!.GetValue<string>());
        Assert.Equal("string", format["schema"]!["properties"]!["city"]!["type"]!.GetValue<string>());
        Assert.Equal("Paris", JsonNode.Parse(response.Text)!["city"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetResponseAsync_SchemalessJson_IsNotSupported()
    {
        await using var fx = new AnthropicFixture();

        var ex = await Assert.ThrowsAsync<NotSupportedException>(() => fx.Client().GetResponseAsync("hi", new ChatOptions { ResponseFormat = ChatResponseFormat.Json }));
        await Assert.ThrowsAsync<NotSupportedException>(() => ToListAsync(fx.Client().GetStreamingResponseAsync("hi", new ChatOptions { ResponseFormat = ChatResponseFormat.Json })));

        Assert.Contains("ForJsonSchema", ex.Message, StringComparison.Ordinal);
        Assert.Empty(fx.Server.Requests);
    }

    private static async Task<List<ChatResponseUpdate>> ToListAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }
}
