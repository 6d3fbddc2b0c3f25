using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using ChatDoneResponseStream = OllamaSharp.Models.Chat.ChatDoneResponseStream;
using LlmRouter.Ollama.Tests.TestSupport;

namespace LlmRouter.Ollama.Tests.Mapping;

public class OllamaMapperTests
{
    private static readonly Uri Endpoint = new("http://127.0.0.1:11434/");

    [Fact]
    public void ToUsage_ReadsPromptAndEvalCounts()
    {
        var done = JsonSerializer.Deserialize<ChatDoneResponseStream>(Wire.Lines("ollama.chat.stream.ndjson")[1])!;

        var usage = OllamaMapper.ToUsage(done);

        Assert.Equal(26, usage.InputTokenCount);
        Assert.Equal(282, usage.OutputTokenCount);
        Assert.Equal(308, usage.TotalTokenCount);
        Assert.Null(usage.CachedInputTokenCount);
        Assert.Null(usage.ReasoningTokenCount);
    }

    [Theory]
    [InlineData("stop", false, "stop")]
    [InlineData(null, false, "stop")]
    [InlineData("length", false, "length")]
    [InlineData("length", true, "length")]
    [InlineData("stop", true, "tool_calls")]
    [InlineData("load", false, "stop")]
    [InlineData("content_filter", false, "content_filter")]
    public void ToFinishReason_MapsDoneReason(string? doneReason, bool toolCalls, string expected) =>
        Assert.Equal(new ChatFinishReason(expected), OllamaMapper.ToFinishReason(doneReason, toolCalls));

    [Fact]
    public void StableCallId_IsTheSameForTheSameCallAndDiffersOtherwise()
    {
        var args = new Dictionary<string, object?> { ["location"] = "Paris, FR", ["format"] = "celsius" };

        var id = OllamaMapper.StableCallId(0, "get_current_weather", args);

        Assert.Matches("^call_0_[0-9a-f]{8}$", id);
        Assert.Equal(id, OllamaMapper.StableCallId(0, "get_current_weather", new Dictionary<string, object?>(args)));
        Assert.NotEqual(id, OllamaMapper.StableCallId(1, "get_current_weather", args));
        Assert.NotEqual(id, OllamaMapper.StableCallId(0, "get_current_weather", new Dictionary<string, object?> { ["location"] = "Lyon, FR", ["format"] = "celsius" }));
        Assert.Matches("^call_2_[0-9a-f]{8}$", OllamaMapper.StableCallId(2, "noop", null));
    }

    [Fact]
    public void Normalize_ReplacesAnExistingUsageContentWithOneFromTheFinalChunk()
    {
        var done = JsonSerializer.Deserialize<ChatDoneResponseStream>("{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":3,\"eval_count\":4}")!;
        var update = new ChatResponseUpdate(ChatRole.Assistant, [new TextContent(""), new UsageContent(new UsageDetails { InputTokenCount = 99 })]) { RawRepresentation = done };
        var state = new OllamaStreamState();

        var result = OllamaMapper.Normalize(update, state);

        var usage = Assert.Single(result.Contents.OfType<UsageContent>()).Details;
        Assert.Equal(3, usage.InputTokenCount);
        Assert.Equal(4, usage.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Stop, result.FinishReason);
        Assert.True(state.SawDone);
    }

    [Fact]
    public void Normalize_NumbersToolCallsAcrossTheUpdatesOfAStream()
    {
        var state = new OllamaStreamState();
        var first = new ChatResponseUpdate(ChatRole.Assistant, [new FunctionCallContent("random1", "a", null)]);
        var second = new ChatResponseUpdate(ChatRole.Assistant, [new FunctionCallContent("random2", "a", null)]);

        var ids = new[] { OllamaMapper.Normalize(first, state), OllamaMapper.Normalize(second, state) }
            .Select(u => u.Contents.OfType<FunctionCallContent>().Single().CallId).ToArray();

        Assert.Equal([OllamaMapper.StableCallId(0, "a", null), OllamaMapper.StableCallId(1, "a", null)], ids);
        Assert.Equal(2, state.ToolCalls);
    }

    [Fact]
    public void ToLlmException_WireStatus404_IsModelNotFoundWithPullAdvice()
    {
        var wire = new OllamaWireException(OllamaWireFailure.HttpStatus, "HTTP 404") { StatusCode = 404, ServerError = "model \"llama3.2\" not found, try pulling it first" };

        var ex = OllamaMapper.ToLlmException(wire, Endpoint, "llama3.2");

        Assert.Equal(LlmErrorKind.ModelNotFound, ex.Kind);
        Assert.Equal(404, ex.StatusCode);
        Assert.Equal("ollama", ex.Provider);
        Assert.Contains("ollama pull llama3.2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("try pulling it first", ex.Message, StringComparison.Ordinal);
        Assert.Same(wire, ex.InnerException);
    }

    [Theory]
    [InlineData(400, LlmErrorKind.InvalidRequest)]
    [InlineData(401, LlmErrorKind.Authentication)]
    [InlineData(403, LlmErrorKind.Authentication)]
    [InlineData(429, LlmErrorKind.RateLimited)]
    [InlineData(500, LlmErrorKind.Unavailable)]
    [InlineData(502, LlmErrorKind.Unavailable)]
    [InlineData(503, LlmErrorKind.Unavailable)]
    public void ToLlmException_WireStatus_FollowsTheSharedClassification(int status, LlmErrorKind kind)
    {
        var wire = new OllamaWireException(OllamaWireFailure.HttpStatus, "x") { StatusCode = status, ServerError = "boom", RetryAfter = TimeSpan.FromSeconds(3) };

        var ex = OllamaMapper.ToLlmException(wire, Endpoint, "m");

        Assert.Equal(kind, ex.Kind);
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), ex.RetryAfter);
        Assert.Contains("boom", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("StreamError", "an error was encountered while running the model", LlmErrorKind.Unavailable)]
    [InlineData("StreamError", "model 'x' not found", LlmErrorKind.ModelNotFound)]
    [InlineData("StreamError", "the prompt exceeds the maximum context length", LlmErrorKind.ContextTooLong)]
    [InlineData("Truncated", "ended early", LlmErrorKind.Unavailable)]
    [InlineData("Malformed", "not json", LlmErrorKind.Unknown)]
    public void ToLlmException_WireFailures(string failureName, string text, LlmErrorKind kind)
    {
        var failure = Enum.Parse<OllamaWireFailure>(failureName);
        var ex = OllamaMapper.ToLlmException(new OllamaWireException(failure, text) { ServerError = failure == OllamaWireFailure.StreamError ? text : null }, Endpoint, "x");

        Assert.Equal(kind, ex.Kind);
        Assert.Contains(text, ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.StatusCode);
    }

    [Fact]
    public void ToLlmException_ConnectionRefused_SaysOllamaIsNotRunning()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:11434)", new SocketException((int)SocketError.ConnectionRefused));

        var ex = OllamaMapper.ToLlmException(refused, Endpoint, "llama3.2");

        Assert.Equal(LlmErrorKind.Unavailable, ex.Kind);
        Assert.StartsWith("Ollama isn't running at http://127.0.0.1:11434/", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToLlmException_MapsWhateverElseOllamaSharpThrows()
    {
        Assert.Equal(LlmErrorKind.Unavailable, OllamaMapper.ToLlmException(new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely."), Endpoint, "m").Kind);
        Assert.Equal(LlmErrorKind.Timeout, OllamaMapper.ToLlmException(new TaskCanceledException("timeout", new TimeoutException()), Endpoint, "m").Kind);
        Assert.Equal(LlmErrorKind.Unknown, OllamaMapper.ToLlmException(new JsonException("bad"), Endpoint, "m").Kind);
        Assert.Equal(LlmErrorKind.Unknown, OllamaMapper.ToLlmException(new NullReferenceException(), Endpoint, "m").Kind);
        Assert.Equal(LlmErrorKind.InvalidRequest, OllamaMapper.ToLlmException(new OllamaSharp.Models.Exceptions.OllamaException("bad request"), Endpoint, "m").Kind);
        Assert.Equal(LlmErrorKind.ModelNotFound, OllamaMapper.ToLlmException(new HttpRequestException("nope", null, System.Net.HttpStatusCode.NotFound), Endpoint, "m").Kind);
        var own = new LlmException(LlmErrorKind.QuotaExhausted, "x");
        Assert.Same(own, OllamaMapper.ToLlmException(own, Endpoint, "m"));
    }

    [Fact]
    public void ToModelDescriptor_TakesCatalogFactsForAKnownModel()
    {
        var descriptor = OllamaMapper.ToModelDescriptor("llama3.2:latest", ModelCatalog.Default);
        var known = ModelCatalog.Default.Resolve("ollama/llama3.2");

        Assert.Equal("ollama", descriptor.Provider);
        Assert.Equal("llama3.2:latest", descriptor.Id);
        Assert.Equal(ModelTier.Local, descriptor.Tier);
        Assert.Equal(ModelPricing.Free, descriptor.Pricing);
        Assert.Equal(known.ContextWindow, descriptor.ContextWindow);
        Assert.Equal(known.MaxOutputTokens, descriptor.MaxOutputTokens);
        Assert.Equal(known.Capabilities, descriptor.Capabilities);
        Assert.Empty(descriptor.Aliases); // ollama/llama3.2 is the catalog's own entry
    }

    [Fact]
    public void ToModelDescriptor_UsesDefaultsAndAnAliasForAnUnknownLatestModel()
    {
        var descriptor = OllamaMapper.ToModelDescriptor("mistral:latest", ModelCatalog.Default);

        Assert.Equal("mistral:latest", descriptor.Id);
        Assert.Equal(8192, descriptor.ContextWindow);
        Assert.Equal(8192, descriptor.MaxOutputTokens);
        Assert.Equal(ModelCapabilities.Streaming | ModelCapabilities.Tools, descriptor.Capabilities);
        Assert.Equal(["ollama/mistral"], descriptor.Aliases);
    }

    [Fact]
    public void ToModelDescriptor_KeepsOtherTagsWithoutAlias()
    {
        var descriptor = OllamaMapper.ToModelDescriptor("qwen2.5-coder:7b", ModelCatalog.Default);

        Assert.Equal("qwen2.5-coder:7b", descriptor.Id);
        Assert.Equal(8192, descriptor.ContextWindow);
        Assert.Empty(descriptor.Aliases);
    }

    [Fact]
    public void ToModelDescriptor_MarksEmbeddingModels()
    {
        Assert.Equal(ModelCapabilities.Embeddings, OllamaMapper.ToModelDescriptor("mxbai-embed-large:latest", ModelCatalog.Default).Capabilities);
        var known = OllamaMapper.ToModelDescriptor("nomic-embed-text:latest", ModelCatalog.Default);
        Assert.Equal(ModelCapabilities.Embeddings, known.Capabilities);
        Assert.Equal(ModelCatalog.Default.Resolve("ollama/nomic-embed-text").ContextWindow, known.ContextWindow);
    }

    [Fact]
    public void ToModelDescriptor_MakesBothNamesResolvableInACatalog()
    {
        var discovered = new[] { "llama3.2:latest", "mistral:latest" }.Select(n => OllamaMapper.ToModelDescriptor(n, ModelCatalog.Default));

        var catalog = ModelCatalog.Default.WithModels(discovered);

        Assert.Equal("ollama/mistral:latest", catalog.Resolve("ollama/mistral").Key);
        Assert.Equal("ollama/mistral:latest", catalog.Resolve("ollama/mistral:latest").Key);
        Assert.Equal("ollama/mistral:latest", catalog.Resolve("mistral:latest").Key);
        Assert.Equal("ollama/llama3.2", catalog.Resolve("ollama/llama3.2").Key);
        Assert.Equal("ollama/llama3.2:latest", catalog.Resolve("ollama/llama3.2:latest").Key);
    }

    [Theory]
    [InlineData("llama3.2:latest", "llama3.2")]
    [InlineData("llama3.2", "llama3.2")]
    [InlineData("qwen3:8b", "qwen3:8b")]
    [InlineData("hf.co/org/model:LATEST", "hf.co/org/model")]
    public void WithoutLatestTag_DropsOnlyLatest(string name, string expected) => Assert.Equal(expected, OllamaMapper.WithoutLatestTag(name));
}
