using LlmRouter.Tests.Shared;
using OllamaSharp;
using OllamaSharp.Models;
using LlmRouter.Ollama.Tests.TestSupport;

namespace LlmRouter.Ollama.Tests.Http;

public class OllamaHttpHandlerTests
{
    private static HttpClient ClientFor(LoopbackHttpServer server, string? apiKey = null) =>
        new(new OllamaHttpHandler(new SocketsHttpHandler(), apiKey, TimeProvider.System)) { BaseAddress = server.BaseAddress };

    [Fact]
    public async Task SendAsync_RaisesTheGenerateFixturesMidStreamErrorAfterTheTextBeforeIt()
    {
        // Without the handler, OllamaSharp ends this stream quietly after "can", as if the answer were complete.
        await using var server = new LoopbackHttpServer();
        server.RespondStream(Wire.Lines("ollama.generate.stream.midstream_error.ndjson"), Wire.Ndjson);
        using var http = ClientFor(server);
        var text = new List<string>();

        var ex = await Assert.ThrowsAsync<OllamaWireException>(async () =>
        {
            await foreach (var chunk in new OllamaApiClient(http, "gemma3").GenerateAsync(new GenerateRequest { Prompt = "Is the sky blue?" }))
            {
                text.Add(chunk!.Response);
            }
        });

        Assert.Equal([" Yes", ".", "I", "can"], text);
        Assert.Equal(OllamaWireFailure.StreamError, ex.Failure);
        Assert.Equal("/api/generate", server.Requests[0].Path);
    }

    [Fact]
    public async Task SendAsync_WithoutTheHandlerOllamaSharpDropsTheErrorLine()
    {
        // Documents why the handler exists: pinned OllamaSharp behaviour.
        await using var server = new LoopbackHttpServer();
        server.RespondStream(Wire.ChatMidstreamErrorLines(), Wire.Ndjson);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var updates = new List<ChatResponseUpdate>();

        await foreach (var update in ((IChatClient)new OllamaApiClient(http, "gemma3")).GetStreamingResponseAsync("hi"))
        {
            updates.Add(update);
        }

        Assert.Equal(" Yes.Ican", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task SendAsync_ReadsTheErrorTextAndRetryAfterOfAFailedCall()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(429, "{\"error\":\"too many requests\"}", headers: new Dictionary<string, string> { ["retry-after-ms"] = "1500" });
        using var http = ClientFor(server);

        var ex = await Assert.ThrowsAsync<OllamaWireException>(() => http.GetAsync(new Uri("api/tags", UriKind.Relative)));

        Assert.Equal(429, ex.StatusCode);
        Assert.Equal("too many requests", ex.ServerError);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), ex.RetryAfter);
    }

    [Fact]
    public async Task SendAsync_KeepsANonJsonErrorBodyAsText()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(502, "<html>Bad Gateway</html>", "text/html");
        using var http = ClientFor(server);

        var ex = await Assert.ThrowsAsync<OllamaWireException>(() => http.GetAsync(new Uri("api/version", UriKind.Relative)));

        Assert.Equal(502, ex.StatusCode);
        Assert.Equal("<html>Bad Gateway</html>", ex.ServerError);
    }

    [Fact]
    public async Task SendAsync_SendsTheOptionalKeyAsBearer()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, "{\"version\":\"0.12.6\"}");
        server.Respond(200, "{\"version\":\"0.12.6\"}");
        using var withKey = ClientFor(server, "ollama-test-key-123456");
        using var without = ClientFor(server);

        await withKey.GetAsync(new Uri("api/version", UriKind.Relative));
        await without.GetAsync(new Uri("api/version", UriKind.Relative));

        Assert.Equal("Bearer ollama-test-key-123456", server.Requests[0].Headers["Authorization"]);
        Assert.False(server.Requests[1].Headers.ContainsKey("Authorization"));
    }
}
