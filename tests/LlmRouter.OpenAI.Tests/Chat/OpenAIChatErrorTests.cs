using System.Net;
using System.Net.Sockets;
using LlmRouter.OpenAI.Tests.TestSupport;
using LlmRouter.Tests.Shared;

namespace LlmRouter.OpenAI.Tests.Chat;

/// <summary>Every failure of a chat call, before or during a stream, is an <see cref="LlmException"/> of the right kind.</summary>
public class OpenAIChatErrorTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(15);

    public static TheoryData<int, string?, LlmErrorKind, bool> ErrorBodies()
    {
        var data = new TheoryData<int, string?, LlmErrorKind, bool>();
        foreach (var streaming in new[] { false, true })
        {
            data.Add(401, null, LlmErrorKind.Authentication, streaming);
            data.Add(404, "model_not_found", LlmErrorKind.ModelNotFound, streaming);
            data.Add(400, "context_length_exceeded", LlmErrorKind.ContextTooLong, streaming);
            data.Add(429, "rate_limit_exceeded", LlmErrorKind.RateLimited, streaming);
            data.Add(429, "insufficient_quota", LlmErrorKind.QuotaExhausted, streaming);
            data.Add(500, null, LlmErrorKind.Unavailable, streaming);
            data.Add(503, null, LlmErrorKind.Unavailable, streaming);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ErrorBodies))]
    public async Task Call_ErrorBodyFromErrorBodiesJson_MapsToKind(int status, string? code, LlmErrorKind kind, bool streaming)
    {
        await using var server = new LoopbackHttpServer();
        var (_, body, headers) = Wire.OpenAIError(status, code);
        server.Respond(status, body, headers: headers);
        var client = Providers.Create(server).GetChatClient("gpt-4o-mini");

        var ex = await Assert.ThrowsAsync<LlmException>(() => Call(client, streaming).WaitAsync(Guard));

        Assert.Equal(kind, ex.Kind);
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal("openai", ex.Provider);
        Assert.Equal("gpt-4o-mini", ex.Model);
        var message = (string)System.Text.Json.Nodes.JsonNode.Parse(body)!["error"]!["message"]!;
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(kind == LlmErrorKind.RateLimited ? TimeSpan.FromSeconds(1) : null, ex.RetryAfter);
        Assert.Single(server.Requests); // SDK retries are off: the router owns retries.
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_RetryAfterMsHeader_WinsOverRetryAfter(bool streaming)
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(429, """{"error":{"message":"slow down","type":"requests","param":null,"code":"rate_limit_exceeded"}}""", headers: new Dictionary<string, string> { ["retry-after-ms"] = "1500", ["retry-after"] = "2" });
        var client = Providers.Create(server).GetChatClient("gpt-4o-mini");

        var ex = await Assert.ThrowsAsync<LlmException>(() => Call(client, streaming).WaitAsync(Guard));

        Assert.Equal(LlmErrorKind.RateLimited, ex.Kind);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), ex.RetryAfter);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_AzureContentFilterError_IsContentFiltered(bool streaming)
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(400, """
            {"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.","type":null,"param":"prompt","code":"content_filter","status":400,
             "innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"hate":{"filtered":true,"severity":"high"}}}}}
            """);
        var client = Providers.Create(server, OpenAIPresets.AzureOpenAI).GetChatClient("my-deployment");

        var ex = await Assert.ThrowsAsync<LlmException>(() => Call(client, streaming).WaitAsync(Guard));

        Assert.Equal(LlmErrorKind.ContentFiltered, ex.Kind);
        Assert.Equal("azure-openai", ex.Provider);
        Assert.Contains("content management policy", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_ContentFilterFinishReason_IsContentFiltered()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, ChatFixtures.TextCompletion(string.Empty, "content_filter"));
        var client = Providers.Create(server).GetChatClient("gpt-4o-mini");

        var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.ContentFiltered, ex.Kind);
    }

    [Fact]
    public async Task GetResponseAsync_ContentFilterFinishReason_IsReturnedWhenThrowingIsOff()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, ChatFixtures.TextCompletion(string.Empty, "content_filter"));
        var client = Providers.Create(server, configure: o => o.ThrowOnContentFilter = false).GetChatClient("gpt-4o-mini");

        var response = await client.GetResponseAsync("hi");

        Assert.Equal(ChatFinishReason.ContentFilter, response.FinishReason);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ContentFilterFinishReason_IsContentFilteredWithThePartialText()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(ChatFixtures.TextStream(["Once upon", " a time"], "content_filter"));
        var client = Providers.Create(server).GetChatClient("gpt-4o-mini");

        var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetStreamingResponseAsync("hi").ToListAsync().AsTask().WaitAsync(Guard));

        Assert.Equal(LlmErrorKind.ContentFiltered, ex.Kind);
        Assert.Equal("Once upon a time", ex.PartialText);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConnectionDroppedMidStream_IsStreamInterruptedWithPartialText()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(ChatFixtures.TextStream(["Hel", "lo", " wor", "ld"]), cutAfterChunks: 2);
        var client = Providers.Create(server).GetChatClient("gpt-4o-mini");
        var received = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<LlmException>(() => Consume(client.GetStreamingResponseAsync("hi"), received).WaitAsync(Guard));

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind);
        Assert.Equal("Hello", ex.PartialText);
        Assert.Equal("Hello", string.Concat(received.Select(u => u.Text)));
        Assert.Equal("openai", ex.Provider);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConnectionDroppedBeforeTheFirstChunk_IsUnavailable()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(ChatFixtures.TextStream(["Hello"]), cutAfterChunks: 0);
        var client = Providers.Create(server).GetChatClient("gpt-4o-mini");

        var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetStreamingResponseAsync("hi").ToListAsync().AsTask().WaitAsync(Guard));

        Assert.Equal(LlmErrorKind.Unavailable, ex.Kind);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamClosedWithoutFinish_IsNotSilent()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(ChatFixtures.TextStream(["Hel", "lo"], done: false));
        var client = Providers.Create(server).GetChatClient("gpt-4o-mini");

        var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetStreamingResponseAsync("hi").ToListAsync().AsTask().WaitAsync(Guard));

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind);
        Assert.Equal("Hello", ex.PartialText);
        Assert.Contains("without a finish reason", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorEventMidStream_IsStreamInterruptedWithTheHostsMessage()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream([ChatFixtures.TextStream(["Hi"])[0], ChatFixtures.Event("""{"error":{"message":"The server had an error while processing your request.","type":"server_error","code":null}}""")]);
        var client = Providers.Create(server).GetChatClient("gpt-4o-mini");

        var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetStreamingResponseAsync("hi").ToListAsync().AsTask().WaitAsync(Guard));

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind);
        Assert.Equal("Hi", ex.PartialText);
        Assert.Contains("The server had an error while processing your request.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorEventAfterText_IsStreamInterruptedNamingTheCause()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream([ChatFixtures.TextStream(["Hel"])[0], ChatFixtures.Event("""{"error":{"message":"overloaded","type":"server_error"}}""")]);
        var client = Providers.Create(server).GetChatClient("gpt-4o-mini");

        var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetStreamingResponseAsync("hi").ToListAsync().AsTask().WaitAsync(Guard));

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind);
        Assert.Equal("Hel", ex.PartialText);
        Assert.EndsWith("[Unavailable]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamEndedAfterText_IsStreamInterruptedWithPartialText_BeforeAnyTextUnavailable()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(ChatFixtures.TextStream(["Hello"], done: false));
        var client = Providers.Create(server).GetChatClient("gpt-4o-mini");
        await using var empty = new LoopbackHttpServer();
        empty.RespondStream([]);
        var emptyClient = Providers.Create(empty).GetChatClient("gpt-4o-mini");

        var interrupted = await Assert.ThrowsAsync<LlmException>(() => client.GetStreamingResponseAsync("hi").ToListAsync().AsTask().WaitAsync(Guard));
        var unavailable = await Assert.ThrowsAsync<LlmException>(() => emptyClient.GetStreamingResponseAsync("hi").ToListAsync().AsTask().WaitAsync(Guard));

        Assert.Equal(LlmErrorKind.StreamInterrupted, interrupted.Kind);
        Assert.Equal("Hello", interrupted.PartialText);
        Assert.Equal(LlmErrorKind.Unavailable, unavailable.Kind);
        Assert.Null(unavailable.PartialText);
    }

    [Theory]
    [InlineData("""{"error":{"message":"The engine is currently overloaded","type":"server_error","code":null}}""", LlmErrorKind.Unavailable)]
    [InlineData("""{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}""", LlmErrorKind.RateLimited)]
    [InlineData("""{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}""", LlmErrorKind.QuotaExhausted)]
    public async Task GetStreamingResponseAsync_ErrorEventFirst_IsClassifiedLikeAnErrorBody(string errorJson, LlmErrorKind kind)
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream([ChatFixtures.Event(errorJson)]);
        var client = Providers.Create(server).GetChatClient("gpt-4o-mini");

        var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetStreamingResponseAsync("hi").ToListAsync().AsTask().WaitAsync(Guard));

        Assert.Equal(kind, ex.Kind);
        Assert.Equal("openai", ex.Provider);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_MalformedChunk_IsLlmException()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream([ChatFixtures.TextStream(["Hi"])[0], "data: {\"id\":\"c1\",\"choices\":[{\"delta\":{\"content\":\n\n"]);
        var client = Providers.Create(server).GetChatClient("gpt-4o-mini");

        var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetStreamingResponseAsync("hi").ToListAsync().AsTask().WaitAsync(Guard));

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind);
        Assert.Equal("Hi", ex.PartialText);
    }

    [Theory]
    [InlineData("<html><body>502 Bad Gateway</body></html>", "text/html")]
    [InlineData("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assis", "application/json")]
    [InlineData("{}", "application/json")]
    [InlineData("{\"choices\":[]}", "application/json")]
    [InlineData("{\"choices\":null}", "application/json")]
    [InlineData("{\"choices\":[{\"index\":0,\"message\":null}]}", "application/json")]
    [InlineData("", "application/json")]
    public async Task GetResponseAsync_MalformedOrTruncatedBody_IsLlmException(string body, string contentType)
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, body, contentType);
        var client = Providers.Create(server).GetChatClient("gpt-4o-mini");

        var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetResponseAsync("hi").WaitAsync(Guard));

        Assert.Equal(LlmErrorKind.Unknown, ex.Kind);
        Assert.Contains("malformed", ex.Message, StringComparison.Ordinal);
        Assert.Equal("openai", ex.Provider);
    }

    [Fact]
    public async Task GetResponseAsync_ErrorWithANonJsonBody_KeepsStatusAndSaysWhatCame()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(502, "<html>Bad Gateway</html>", "text/html");
        var client = Providers.Create(server).GetChatClient("gpt-4o-mini");

        var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetResponseAsync("hi").WaitAsync(Guard));

        Assert.Equal(LlmErrorKind.Unavailable, ex.Kind);
        Assert.Equal(502, ex.StatusCode);
        Assert.Contains("Bad Gateway", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_NothingListening_IsUnavailable(bool streaming)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var options = new OpenAIProviderOptions { ApiKey = Providers.TestKey, Endpoint = new Uri($"http://127.0.0.1:{port}/v1") };
        var client = new OpenAIProvider(OpenAIPresets.OpenAI, options).GetChatClient("gpt-4o-mini");

        var ex = await Assert.ThrowsAsync<LlmException>(() => Call(client, streaming).WaitAsync(Guard));

        Assert.Equal(LlmErrorKind.Unavailable, ex.Kind);
        Assert.Null(ex.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_NoAnswerWithinNetworkTimeout_IsTimeout(bool streaming)
    {
        using var silent = new AcceptOnlyServer();
        var options = new OpenAIProviderOptions { ApiKey = Providers.TestKey, Endpoint = silent.BaseAddress, NetworkTimeout = TimeSpan.FromMilliseconds(200) };
        var client = new OpenAIProvider(OpenAIPresets.OpenAI, options).GetChatClient("gpt-4o-mini");

        var ex = await Assert.ThrowsAsync<LlmException>(() => Call(client, streaming).WaitAsync(Guard));

        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_CancelledByTheCaller_PropagatesOperationCanceled(bool streaming)
    {
        using var silent = new AcceptOnlyServer();
        var options = new OpenAIProviderOptions { ApiKey = Providers.TestKey, Endpoint = silent.BaseAddress };
        var client = new OpenAIProvider(OpenAIPresets.OpenAI, options).GetChatClient("gpt-4o-mini");
        using var cts = new CancellationTokenSource();

        var call = Call(client, streaming, cts.Token);
        await silent.Accepted.WaitAsync(Guard);
        await cts.CancelAsync();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Guard));
        Assert.IsNotType<LlmException>(ex.InnerException);
    }

    [Fact]
    public async Task GetResponseAsync_NullMessages_IsTheCallersArgumentError()
    {
        await using var server = new LoopbackHttpServer();
        var client = Providers.Create(server).GetChatClient("gpt-4o-mini");

        await Assert.ThrowsAsync<ArgumentNullException>(() => client.GetResponseAsync((IEnumerable<ChatMessage>)null!));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task GetResponseAsync_ErrorBodyEchoingTheKey_NeverShowsTheKey()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + Providers.TestKey + ".\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
        var client = Providers.Create(server).GetChatClient("gpt-4o-mini");

        var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.DoesNotContain(Providers.TestKey, ex.ToString(), StringComparison.Ordinal);
        Assert.Contains("sk-…WXYZ", ex.Message, StringComparison.Ordinal);
    }

    private static async Task Call(IChatClient client, bool streaming, CancellationToken cancellationToken = default)
    {
        if (streaming)
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: cancellationToken))
            {
                _ = update;
            }
        }
        else
        {
            await client.GetResponseAsync("hi", cancellationToken: cancellationToken);
        }
    }

    private static async Task Consume(IAsyncEnumerable<ChatResponseUpdate> updates, List<ChatResponseUpdate> received)
    {
        await foreach (var update in updates)
        {
            received.Add(update);
        }
    }
}
