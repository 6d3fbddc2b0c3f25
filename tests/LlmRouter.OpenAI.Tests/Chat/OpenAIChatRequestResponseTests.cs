using System.Text.Json;
using System.Text.Json.Nodes;
using LlmRouter.OpenAI.Tests.TestSupport;
using LlmRouter.Tests.Shared;

namespace LlmRouter.OpenAI.Tests.Chat;

/// <summary>Replays the OpenAI wire fixtures: what the client sends, and how answers, tool calls and usage come back.</summary>
public class OpenAIChatRequestResponseTests
{
    private const decimal ExpectedCostNonStreaming = ((48 * 0.15m) + (13 * 0.075m) + (16 * 0.6m)) / 1_000_000m; // 61 in (13 cached), 16 out
    private const decimal ExpectedCostStreaming = ((61 * 0.15m) + (16 * 0.6m)) / 1_000_000m;

    [Fact]
    public async Task GetResponseAsync_SendsTheFixtureRequest()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, Wire.Read("openai.chat.tool_call.response.json"));
        var client = Providers.Create(server).GetChatClient("gpt-4o-mini");

        await client.GetResponseAsync(ChatFixtures.AliceQuestion, ChatFixtures.ToolOptions());

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/chat/completions", request.Path);
        Assert.Equal($"Bearer {Providers.TestKey}", request.Headers["Authorization"]);
        var sent = JsonNode.Parse(request.Body)!;
        var expected = Wire.Json("openai.chat.tool_call.request.json");
        AssertSameFields(expected, sent, "model", "messages", "tools", "tool_choice");
        Assert.NotEqual(true, (bool?)sent["stream"]);
    }

    [Fact]
    public async Task GetResponseAsync_MapsToolCallFinishReasonAndUsage()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, Wire.Read("openai.chat.tool_call.response.json"));
        var client = Providers.Create(server).GetChatClient("gpt-4o-mini");

        var response = await client.GetResponseAsync(ChatFixtures.AliceQuestion, ChatFixtures.ToolOptions());

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("call_8qbINM045wlmKZt9bVJgwAym", call.CallId);
        Assert.Equal("GetPersonAge", call.Name);
        Assert.Equal("Alice", call.Arguments!["personName"]?.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal("chatcmpl-ADydKhrSKEBWJ8gy0KCIU74rN3Hmk", response.ResponseId);
        AssertUsage(response.Usage, input: 61, output: 16, cached: 13, reasoning: 90);
        Assert.Equal(ExpectedCostNonStreaming, ModelCatalog.Default.Resolve("openai/gpt-4o-mini").Pricing.CalculateCost(response.Usage!));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_SendsStreamOptionsIncludeUsage()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(LoopbackHttpServer.SplitSse(Wire.Read("openai.chat.tool_call.stream.sse")));
        var client = Providers.Create(server).GetChatClient("gpt-4o-mini");

        await client.GetStreamingResponseAsync(ChatFixtures.AliceQuestion, ChatFixtures.ToolOptions()).ToListAsync();

        var sent = JsonNode.Parse(Assert.Single(server.Requests).Body)!;
        var expected = Wire.Json("openai.chat.tool_call.stream.request.json");
        AssertSameFields(expected, sent, "model", "messages", "tools", "tool_choice", "stream", "stream_options");
        Assert.True((bool)sent["stream_options"]!["include_usage"]!);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_AssemblesToolCall_AndReportsUsageFromTheFinalChunk()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(LoopbackHttpServer.SplitSse(Wire.Read("openai.chat.tool_call.stream.sse")));
        var client = Providers.Create(server).GetChatClient("gpt-4o-mini");

        var updates = await client.GetStreamingResponseAsync(ChatFixtures.AliceQuestion, ChatFixtures.ToolOptions()).ToListAsync();
        var response = updates.ToChatResponse();

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("call_F9ZaqPWo69u0urxAhVt8meDW", call.CallId);
        Assert.Equal("GetPersonAge", call.Name);
        Assert.Equal("Alice", call.Arguments!["personName"]?.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Single(updates, u => u.Contents.OfType<UsageContent>().Any());
        AssertUsage(response.Usage, input: 61, output: 16, cached: 0, reasoning: 90);
        Assert.Equal(ExpectedCostStreaming, ModelCatalog.Default.Resolve("openai/gpt-4o-mini").Pricing.CalculateCost(response.Usage!));
    }

    [Fact]
    public async Task Streaming_AndNonStreaming_MapUsageAndFinishReasonAlike()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, ChatFixtures.TextCompletion("Hello world"));
        server.RespondStream(ChatFixtures.TextStream(["Hello", " world"]));
        var client = Providers.Create(server).GetChatClient("gpt-4o-mini");

        var whole = await client.GetResponseAsync("hi");
        var streamed = (await client.GetStreamingResponseAsync("hi").ToListAsync()).ToChatResponse();

        Assert.Equal("Hello world", whole.Text);
        Assert.Equal("Hello world", streamed.Text);
        Assert.Equal(ChatFinishReason.Stop, whole.FinishReason);
        Assert.Equal(ChatFinishReason.Stop, streamed.FinishReason);
        AssertUsage(whole.Usage, input: 10, output: 5, cached: 0, reasoning: 0);
        AssertUsage(streamed.Usage, input: 10, output: 3, cached: 4, reasoning: 1);
    }

    [Fact]
    public async Task GetResponseAsync_SendsJsonSchemaResponseFormat()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, ChatFixtures.TextCompletion("""{"name":"Alice","age":42}"""));
        var client = Providers.Create(server).GetChatClient("gpt-4o-mini");
        var schema = JsonElement.Parse("""{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}},"required":["name","age"],"additionalProperties":false}""");

        var response = await client.GetResponseAsync("Who is Alice?", new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "person", "A person") });

        Assert.Equal("""{"name":"Alice","age":42}""", response.Text);
        var format = JsonNode.Parse(Assert.Single(server.Requests).Body)!["response_format"]!;
        Assert.Equal("json_schema", (string?)format["type"]);
        Assert.Equal("person", (string?)format["json_schema"]!["name"]);
        Assert.Equal("A person", (string?)format["json_schema"]!["description"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(schema.GetRawText()), format["json_schema"]!["schema"]), format.ToJsonString());
    }

    [Fact]
    public async Task GetResponseAsync_JsonSchemaOnAHostWithoutIt_FailsClearlyBeforeSending()
    {
        await using var server = new LoopbackHttpServer();
        var client = Providers.Create(server, OpenAIPresets.DeepSeek).GetChatClient("deepseek-chat");
        var schema = JsonElement.Parse("""{"type":"object"}""");

        var ex = await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync("hi", new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "x") }));

        Assert.Contains("ChatResponseFormat.Json", ex.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task GetResponseAsync_DoesNotMutateTheCallersMessagesOrOptions()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, Wire.Read("openai.chat.tool_call.response.json"));
        var client = Providers.Create(server).GetChatClient("gpt-4o-mini");
        var messages = new List<ChatMessage>(ChatFixtures.AliceQuestion);
        var options = ChatFixtures.ToolOptions();

        await client.GetResponseAsync(messages, options);

        Assert.Single(messages);
        Assert.Null(options.ModelId);
        Assert.Single(options.Tools!);
    }

    private static void AssertSameFields(JsonNode expected, JsonNode sent, params string[] fields)
    {
        foreach (var field in fields)
        {
            Assert.True(JsonNode.DeepEquals(expected[field], sent[field]), $"{field}: expected {expected[field]?.ToJsonString()} but sent {sent[field]?.ToJsonString()}");
        }
    }

    private static void AssertUsage(UsageDetails? usage, long input, long output, long cached, long reasoning)
    {
        Assert.NotNull(usage);
        Assert.Equal(input, usage.InputTokenCount);
        Assert.Equal(output, usage.OutputTokenCount);
        Assert.Equal(input + output, usage.TotalTokenCount);
        Assert.Equal(cached, usage.CachedInputTokenCount);
        Assert.Equal(reasoning, usage.ReasoningTokenCount);
    }
}
