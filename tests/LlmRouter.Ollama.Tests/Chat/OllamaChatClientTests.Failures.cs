using System.Text.Json;
using System.Text.Json.Nodes;
using LlmRouter.Tests.Shared;
using LlmRouter.Ollama.Tests.TestSupport;

namespace LlmRouter.Ollama.Tests.Chat;

// Failures: mid-stream error lines, cut and stalled streams, cancellation, timeouts and error bodies.
public partial class OllamaChatClientTests
{
    [Fact]
    public async Task GetStreamingResponseAsync_RaisesTheMidStreamErrorLine()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(Wire.ChatMidstreamErrorLines(), Wire.Ndjson);
        using var provider = TestProviders.For(server);
        var received = new List<string>();

        var ex = await Assert.ThrowsAsync<LlmException>(async () =>
        {
            await foreach (var update in provider.GetChatClient("gemma3").GetStreamingResponseAsync("hi"))
            {
                received.Add(update.Text);
            }
        });

        Assert.Equal([" Yes", ".", "I", "can"], received);
        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind); // the stream had started
        var cause = Assert.IsType<LlmException>(ex.InnerException);
        Assert.Equal(LlmErrorKind.Unavailable, cause.Kind);
        Assert.Equal("ollama", ex.Provider);
        Assert.Equal("gemma3", ex.Model);
        Assert.Contains("an error was encountered while running the model", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_RaisesAnErrorLineThatArrivesInTheSameChunkAsText()
    {
        var lines = Wire.ChatMidstreamErrorLines();
        await using var server = new LoopbackHttpServer();
        server.RespondStream([string.Concat(lines)], Wire.Ndjson);
        using var provider = TestProviders.For(server);
        var text = new List<string>();

        var ex = await Assert.ThrowsAsync<LlmException>(async () =>
        {
            await foreach (var update in provider.GetChatClient("gemma3").GetStreamingResponseAsync("hi"))
            {
                text.Add(update.Text);
            }
        });

        Assert.Equal(" Yes.Ican", string.Concat(text));
        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind); // the stream had started
        var cause = Assert.IsType<LlmException>(ex.InnerException);
        Assert.Equal(LlmErrorKind.Unavailable, cause.Kind);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_RaisesAModelNotFoundErrorLineAsModelNotFound()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(["{\"error\":\"model 'llama3.2' not found\"}\n"], Wire.Ndjson);
        using var provider = TestProviders.For(server);

        var ex = await Assert.ThrowsAsync<LlmException>(() => CollectAsync(provider.GetChatClient("llama3.2").GetStreamingResponseAsync("hi")));

        Assert.Equal(LlmErrorKind.ModelNotFound, ex.Kind);
        Assert.Contains("ollama pull llama3.2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_RaisesACutStream()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream([FirstChatLine, FirstChatLine, "{\"model\":\"llama3.2\",\"done\":true}\n"], Wire.Ndjson, cutAfterChunks: 2);
        using var provider = TestProviders.For(server);
        var received = 0;

        var ex = await Assert.ThrowsAsync<LlmException>(async () =>
        {
            await foreach (var update in provider.GetChatClient("llama3.2").GetStreamingResponseAsync("hi"))
            {
                received++;
            }
        });

        Assert.Equal(2, received);
        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind); // the stream had started
        var cause = Assert.IsType<LlmException>(ex.InnerException);
        Assert.Equal(LlmErrorKind.Unavailable, cause.Kind);
        Assert.True(cause.IsTransient);
        Assert.Equal("llama3.2", ex.Model);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_RaisesAStreamThatEndsWithoutItsFinalLine()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream([FirstChatLine], Wire.Ndjson);
        using var provider = TestProviders.For(server);

        var ex = await Assert.ThrowsAsync<LlmException>(() => CollectAsync(provider.GetChatClient("llama3.2").GetStreamingResponseAsync("hi")));

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind); // the stream had started
        var cause = Assert.IsType<LlmException>(ex.InnerException);
        Assert.Equal(LlmErrorKind.Unavailable, cause.Kind);
        Assert.Contains("cut short", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_RaisesABrokenLine()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream([FirstChatLine, "{\"model\":\"llama3.2\",\"mess\n"], Wire.Ndjson);
        using var provider = TestProviders.For(server);

        var ex = await Assert.ThrowsAsync<LlmException>(() => CollectAsync(provider.GetChatClient("llama3.2").GetStreamingResponseAsync("hi")));

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind); // the stream had started
        var cause = Assert.IsType<LlmException>(ex.InnerException);
        Assert.Equal(LlmErrorKind.Unknown, cause.Kind);
        Assert.Contains("malformed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StopsAStalledStreamWhenTheCallerCancels()
    {
        await using var server = new StallingServer(FirstChatLine);
        using var provider = new OllamaProvider(new OllamaProviderOptions { Endpoint = server.BaseAddress }, null, null, TestProviders.UniqueVariable("HOST"), TestProviders.UniqueVariable("KEY"));
        using var cts = new CancellationTokenSource();
        var watchdog = Task.Delay(TimeSpan.FromSeconds(20));

        var consume = Task.Run(async () =>
        {
            await foreach (var update in provider.GetChatClient("llama3.2").GetStreamingResponseAsync("hi", cancellationToken: cts.Token))
            {
                cts.CancelAfter(TimeSpan.FromMilliseconds(100)); // while the next read waits on a server that sends nothing more
            }
        });

        Assert.Same(consume, await Task.WhenAny(consume, watchdog));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consume);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ThrowsOperationCanceledWhenCancelledBetweenUpdates()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream([FirstChatLine, FirstChatLine, "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true}\n"], Wire.Ndjson);
        using var provider = TestProviders.For(server);
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in provider.GetChatClient("llama3.2").GetStreamingResponseAsync("hi", cancellationToken: cts.Token))
            {
                await cts.CancelAsync();
            }
        });
    }

    [Fact]
    public async Task GetResponseAsync_ThrowsOperationCanceledForACancelledToken()
    {
        await using var server = new LoopbackHttpServer();
        using var provider = TestProviders.For(server);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.GetChatClient("llama3.2").GetResponseAsync("hi", cancellationToken: cts.Token));
    }

    [Fact]
    public async Task GetResponseAsync_MapsTheNetworkTimeoutToTimeout()
    {
        await using var server = new StallingServer();
        using var provider = new OllamaProvider(
            new OllamaProviderOptions { Endpoint = server.BaseAddress, NetworkTimeout = TimeSpan.FromMilliseconds(300) }, null, null, TestProviders.UniqueVariable("HOST"), TestProviders.UniqueVariable("KEY"));

        var ex = await Assert.ThrowsAsync<LlmException>(() => provider.GetChatClient("llama3.2").GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
    }

    [Theory]
    [InlineData(404, "not found, try pulling it first", LlmErrorKind.ModelNotFound)]
    [InlineData(404, "model 'llama3.2' not found", LlmErrorKind.ModelNotFound)]
    [InlineData(400, null, LlmErrorKind.InvalidRequest)]
    [InlineData(500, null, LlmErrorKind.Unavailable)]
    [InlineData(401, null, LlmErrorKind.Authentication)]
    public async Task GetResponseAsync_MapsTheDocumentedErrorBodies(int status, string? wording, LlmErrorKind kind)
    {
        var body = Wire.OllamaError(status, wording);
        await using var server = new LoopbackHttpServer();
        server.Respond(status, body);
        using var provider = TestProviders.For(server);

        var ex = await Assert.ThrowsAsync<LlmException>(() => provider.GetChatClient("llama3.2").GetResponseAsync("hi"));

        Assert.Equal(kind, ex.Kind);
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal("ollama", ex.Provider);
        Assert.Equal("llama3.2", ex.Model);
        Assert.Contains((string)JsonNode.Parse(body)!["error"]!, ex.Message, StringComparison.Ordinal);
        if (kind == LlmErrorKind.ModelNotFound)
        {
            Assert.Contains("ollama pull llama3.2", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task GetStreamingResponseAsync_MapsAnErrorStatusBeforeTheStream()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(404, Wire.OllamaError(404, "try pulling"));
        using var provider = TestProviders.For(server);

        var ex = await Assert.ThrowsAsync<LlmException>(() => CollectAsync(provider.GetChatClient("llama3.2").GetStreamingResponseAsync("hi")));

        Assert.Equal(LlmErrorKind.ModelNotFound, ex.Kind);
        Assert.Equal(404, ex.StatusCode);
    }

    [Theory]
    [InlineData(429, LlmErrorKind.RateLimited)]
    [InlineData(503, LlmErrorKind.Unavailable)]
    public async Task GetResponseAsync_MapsRetryableStatusesWithRetryAfter(int status, LlmErrorKind kind)
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(status, "{\"error\":\"server busy, please try again.  maximum pending requests exceeded\"}", headers: new Dictionary<string, string> { ["Retry-After"] = "7" });
        using var provider = TestProviders.For(server);

        var ex = await Assert.ThrowsAsync<LlmException>(() => provider.GetChatClient("llama3.2").GetResponseAsync("hi"));

        Assert.Equal(kind, ex.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
        Assert.Contains("maximum pending requests exceeded", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_MapsAContextErrorToContextTooLong()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(400, "{\"error\":\"input length exceeds the maximum context length\"}");
        using var provider = TestProviders.For(server);

        var ex = await Assert.ThrowsAsync<LlmException>(() => provider.GetChatClient("llama3.2").GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.ContextTooLong, ex.Kind);
    }

    [Fact]
    public async Task GetResponseAsync_SaysWhenTheModelHasNoTools()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(400, "{\"error\":\"registry.ollama.ai/library/gemma:2b does not support tools\"}");
        using var provider = TestProviders.For(server);

        var ex = await Assert.ThrowsAsync<LlmException>(() => provider.GetChatClient("gemma:2b").GetResponseAsync("hi", new ChatOptions { Tools = [WeatherTool()] }));

        Assert.Equal(LlmErrorKind.InvalidRequest, ex.Kind);
        Assert.Contains("does not support tools", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_SaysOllamaIsNotRunningWhenTheConnectionIsRefused()
    {
        var endpoint = TestProviders.ClosedPort();
        using var provider = new OllamaProvider(new OllamaProviderOptions { Endpoint = endpoint }, null, null, TestProviders.UniqueVariable("HOST"), TestProviders.UniqueVariable("KEY"));

        var ex = await Assert.ThrowsAsync<LlmException>(() => provider.GetChatClient("llama3.2").GetResponseAsync("hi"));
        var streamed = await Assert.ThrowsAsync<LlmException>(() => CollectAsync(provider.GetChatClient("llama3.2").GetStreamingResponseAsync("hi")));

        Assert.Equal(LlmErrorKind.Unavailable, ex.Kind);
        Assert.Contains($"Ollama isn't running at {endpoint}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(LlmErrorKind.Unavailable, streamed.Kind);
    }

    [Theory]
    [InlineData("{\"model\":\"llama3.2\",\"mess")]
    [InlineData("<html>bad gateway</html>")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"done\":false}")]
    public async Task GetResponseAsync_MapsMalformedBodiesToLlmException(string body)
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, body);
        using var provider = TestProviders.For(server);

        var ex = await Assert.ThrowsAsync<LlmException>(() => provider.GetChatClient("llama3.2").GetResponseAsync("hi"));

        Assert.Equal("ollama", ex.Provider);
        Assert.IsType<OllamaWireException>(ex.InnerException);
    }

    [Fact]
    public async Task GetResponseAsync_RaisesAnErrorBodySentWithStatus200()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, "{\"error\":\"an error was encountered while running the model\"}");
        using var provider = TestProviders.For(server);

        var ex = await Assert.ThrowsAsync<LlmException>(() => provider.GetChatClient("llama3.2").GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.Unavailable, ex.Kind);
        Assert.Contains("an error was encountered while running the model", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_FailsClearlyOnWhatOllamaLacks()
    {
        await using var server = new LoopbackHttpServer();
        using var provider = TestProviders.For(server);
        var client = provider.GetChatClient("llama3.2");

        await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync("hi", new ChatOptions { Tools = [WeatherTool()], ToolMode = ChatToolMode.RequireAny }));
        await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync("hi", new ChatOptions { Tools = [new HostedWebSearchTool()] }));
        await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync("hi", new ChatOptions { ConversationId = "conv_1" }));
        await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, [new UriContent("https://example.com/cat.png", "image/png")])]));
        await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, [new DataContent(new byte[] { 1, 2 }, "application/pdf")])]));
        var streamed = await Assert.ThrowsAsync<NotSupportedException>(() => CollectAsync(client.GetStreamingResponseAsync("hi", new ChatOptions { Tools = [WeatherTool()], ToolMode = ChatToolMode.RequireSpecific("get_current_weather") })));
        Assert.Contains("tool_choice", streamed.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }
}
