using System.Text.Json;
using System.Text.Json.Nodes;
using LlmRouter.Tests.Shared;
using LlmRouter.Ollama.Tests.TestSupport;

namespace LlmRouter.Ollama.Tests.Chat;

public partial class OllamaChatClientTests
{
    private static readonly string FirstChatLine =
        "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T08:52:19Z\",\"message\":{\"role\":\"assistant\",\"content\":\"The\"},\"done\":false}\n";

    private static AIFunctionDeclaration WeatherTool()
    {
        var function = Wire.Json("ollama.chat.tool_call.request.json")["tools"]![0]!["function"]!;
        return AIFunctionFactory.CreateDeclaration(
            (string)function["name"]!,
            (string?)function["description"],
            JsonDocument.Parse(function["parameters"]!.ToJsonString()).RootElement);
    }

    private static async Task<List<ChatResponseUpdate>> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> stream)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in stream)
        {
            updates.Add(update);
        }

        return updates;
    }

    [Fact]
    public async Task GetResponseAsync_SendsTheDocumentedToolRequest()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, Wire.Compact("ollama.chat.tool_call.response.json"));
        using var provider = TestProviders.For(server);

        await provider.GetChatClient("llama3.2").GetResponseAsync(
            [new ChatMessage(ChatRole.User, "What is the weather today in Paris?")],
            new ChatOptions { Tools = [WeatherTool()] });

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/chat", request.Path);
        var sent = JsonNode.Parse(request.Body)!;
        var expected = Wire.Json("ollama.chat.tool_call.request.json");
        Assert.Equal((string)expected["model"]!, (string)sent["model"]!);
        Assert.False((bool)sent["stream"]!);
        Assert.True(JsonNode.DeepEquals(expected["messages"], sent["messages"]), sent["messages"]!.ToJsonString());
        var tool = sent["tools"]![0]!;
        var expectedTool = expected["tools"]![0]!;
        Assert.Equal("function", (string)tool["type"]!);
        Assert.Equal((string)expectedTool["function"]!["name"]!, (string)tool["function"]!["name"]!);
        Assert.Equal((string)expectedTool["function"]!["description"]!, (string)tool["function"]!["description"]!);
        var parameters = tool["function"]!["parameters"]!;
        var expectedParameters = expectedTool["function"]!["parameters"]!;
        Assert.Equal("object", (string)parameters["type"]!);
        Assert.True(JsonNode.DeepEquals(expectedParameters["required"], parameters["required"]));
        Assert.True(JsonNode.DeepEquals(expectedParameters["properties"], parameters["properties"]), parameters["properties"]!.ToJsonString());
    }

    [Fact]
    public async Task GetResponseAsync_ReadsToolCallsUsageAndFinishReason()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, Wire.Compact("ollama.chat.tool_call.response.json"));
        using var provider = TestProviders.For(server);

        var response = await provider.GetChatClient("llama3.2").GetResponseAsync("What is the weather today in Paris?", new ChatOptions { Tools = [WeatherTool()] });

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_current_weather", call.Name);
        Assert.Equal("celsius", call.Arguments!["format"]!.ToString());
        Assert.Equal("Paris, FR", call.Arguments!["location"]!.ToString());
        Assert.Equal(OllamaMapper.StableCallId(0, call.Name, call.Arguments), call.CallId);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(122, response.Usage!.InputTokenCount);
        Assert.Equal(33, response.Usage.OutputTokenCount);
        Assert.Equal(155, response.Usage.TotalTokenCount);
        Assert.Null(response.Usage.CachedInputTokenCount);
        Assert.Equal("llama3.2", response.ModelId);
    }

    [Fact]
    public async Task GetResponseAsync_GivesTheSameCallIdEachTimeTheSameAnswerIsRead()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, Wire.Compact("ollama.chat.tool_call.response.json"));
        server.Respond(200, Wire.Compact("ollama.chat.tool_call.response.json"));
        using var provider = TestProviders.For(server);
        var client = provider.GetChatClient("llama3.2");

        var first = await client.GetResponseAsync("weather?");
        var second = await client.GetResponseAsync("weather?");

        Assert.Equal(
            first.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single().CallId,
            second.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single().CallId);
    }

    [Fact]
    public async Task GetResponseAsync_KeepsTheServersCallIdWhenItSendsOne()
    {
        await using var server = new LoopbackHttpServer();
        var body = Wire.Json("ollama.chat.tool_call.response.json");
        body["message"]!["tool_calls"]![0]!["id"] = "call_abc123";
        server.Respond(200, body.ToJsonString());
        using var provider = TestProviders.For(server);

        var response = await provider.GetChatClient("llama3.2").GetResponseAsync("weather?");

        Assert.Equal("call_abc123", response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single().CallId);
    }

    [Fact]
    public async Task GetResponseAsync_ReadsThePrettyPrintedFixtureAsIs()
    {
        // OllamaSharp reads bodies line by line; the provider's handler compacts a multi-line JSON body first.
        await using var server = new LoopbackHttpServer();
        server.Respond(200, Wire.Read("ollama.chat.tool_call.response.json"));
        using var provider = TestProviders.For(server);

        var response = await provider.GetChatClient("llama3.2").GetResponseAsync("weather?");

        Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal(122, response.Usage!.InputTokenCount);
    }

    [Fact]
    public async Task GetResponseAsync_MapsLengthAndText()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, "{\"model\":\"llama3.2\",\"created_at\":\"2024-07-22T20:33:28Z\",\"message\":{\"role\":\"assistant\",\"content\":\"Hello there\"},\"done_reason\":\"length\",\"done\":true,\"prompt_eval_count\":5,\"eval_count\":2}");
        using var provider = TestProviders.For(server);

        var response = await provider.GetChatClient("llama3.2").GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 2 });

        Assert.Equal("Hello there", response.Text);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(5, response.Usage!.InputTokenCount);
        Assert.Equal(2, response.Usage.OutputTokenCount);
        Assert.Equal(2, (int)JsonNode.Parse(server.Requests[0].Body)!["options"]!["num_predict"]!);
    }

    [Fact]
    public async Task GetResponseAsync_PinsTheModelAndLeavesTheCallersOptionsAndMessagesAlone()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, Wire.Compact("ollama.chat.tool_call.response.json"));
        using var provider = TestProviders.For(server);
        var options = new ChatOptions { ModelId = "ollama/llama3.2", Temperature = 0.5f, ResponseFormat = ChatResponseFormat.Json, Instructions = "Be brief." };
        List<ChatMessage> messages = [new(ChatRole.User, "hi")];

        await provider.GetChatClient("llama3.2").GetResponseAsync(messages, options);

        var sent = JsonNode.Parse(server.Requests[0].Body)!;
        Assert.Equal("llama3.2", (string)sent["model"]!);
        Assert.Equal(0.5f, (float)sent["options"]!["temperature"]!);
        Assert.Equal("json", (string)sent["format"]!);
        Assert.Contains(sent["messages"]!.AsArray(), m => (string)m!["role"]! == "system" && ((string)m["content"]!).Contains("Be brief.", StringComparison.Ordinal));
        Assert.Equal("ollama/llama3.2", options.ModelId);
        Assert.Single(messages);
    }

    [Fact]
    public async Task GetResponseAsync_PassesAJsonSchemaThrough()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, Wire.Compact("ollama.chat.tool_call.response.json"));
        using var provider = TestProviders.For(server);
        var schema = JsonDocument.Parse("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}").RootElement;

        await provider.GetChatClient("llama3.2").GetResponseAsync("hi", new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "city") });

        var format = JsonNode.Parse(server.Requests[0].Body)!["format"]!;
        Assert.Equal("object", (string)format["type"]!);
        Assert.Equal("string", (string)format["properties"]!["city"]!["type"]!);
    }

    [Fact]
    public async Task GetResponseAsync_PassesOllamaOptionsFromAdditionalProperties()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, Wire.Compact("ollama.chat.tool_call.response.json"));
        using var provider = TestProviders.For(server);

        await provider.GetChatClient("llama3.2").GetResponseAsync("hi", new ChatOptions { AdditionalProperties = new() { ["num_ctx"] = 16384 }, Seed = 7, StopSequences = ["END"] });

        var options = JsonNode.Parse(server.Requests[0].Body)!["options"]!;
        Assert.Equal(16384, (int)options["num_ctx"]!);
        Assert.Equal(7, (int)options["seed"]!);
        Assert.Equal("END", (string)options["stop"]![0]!);
    }

    [Fact]
    public async Task GetResponseAsync_SendsNoToolsForToolModeNone()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, Wire.Compact("ollama.chat.tool_call.response.json"));
        using var provider = TestProviders.For(server);

        await provider.GetChatClient("llama3.2").GetResponseAsync("hi", new ChatOptions { Tools = [WeatherTool()], ToolMode = ChatToolMode.None });

        Assert.Null(JsonNode.Parse(server.Requests[0].Body)!["tools"]);
    }

    [Fact]
    public async Task GetResponseAsync_SendsToolResultsBackAsToolMessages()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"It is 22 degrees.\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":150,\"eval_count\":8}");
        using var provider = TestProviders.For(server);
        List<ChatMessage> history =
        [
            new(ChatRole.User, "What is the weather today in Paris?"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_0", "get_current_weather", new Dictionary<string, object?> { ["location"] = "Paris, FR", ["format"] = "celsius" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_0", "22 degrees")]),
        ];

        var response = await provider.GetChatClient("llama3.2").GetResponseAsync(history, new ChatOptions { Tools = [WeatherTool()] });

        Assert.Equal("It is 22 degrees.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        var messages = JsonNode.Parse(server.Requests[0].Body)!["messages"]!.AsArray();
        Assert.Equal(["user", "assistant", "tool"], messages.Select(m => (string)m!["role"]!));
        Assert.Equal("get_current_weather", (string)messages[1]!["tool_calls"]![0]!["function"]!["name"]!);
        Assert.Equal("Paris, FR", (string)messages[1]!["tool_calls"]![0]!["function"]!["arguments"]!["location"]!);
        Assert.Contains("22 degrees", (string)messages[2]!["content"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ReplaysTheDocumentedStream()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(Wire.Lines("ollama.chat.stream.ndjson"), Wire.Ndjson);
        using var provider = TestProviders.For(server);

        var updates = await CollectAsync(provider.GetChatClient("llama3.2").GetStreamingResponseAsync("Why is the sky blue?"));

        Assert.True((bool)JsonNode.Parse(server.Requests[0].Body)!["stream"]!);
        Assert.Equal("The", updates.ToChatResponse().Text);
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details;
        Assert.Equal(26, usage.InputTokenCount);
        Assert.Equal(282, usage.OutputTokenCount);
        Assert.Equal(308, usage.TotalTokenCount);
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.Null(updates[0].FinishReason);
        Assert.Equal(ChatFinishReason.Stop, updates.ToChatResponse().FinishReason);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_MapsUsageAndFinishLikeTheNonStreamingPath()
    {
        var final = "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T19:22:45Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done_reason\":\"length\",\"done\":true,\"prompt_eval_count\":26,\"eval_count\":282}\n";
        await using var server = new LoopbackHttpServer();
        server.RespondStream([FirstChatLine, final], Wire.Ndjson);
        server.Respond(200, "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"The\"},\"done_reason\":\"length\",\"done\":true,\"prompt_eval_count\":26,\"eval_count\":282}");
        using var provider = TestProviders.For(server);
        var client = provider.GetChatClient("llama3.2");

        var streamed = (await CollectAsync(client.GetStreamingResponseAsync("hi"))).ToChatResponse();
        var whole = await client.GetResponseAsync("hi");

        Assert.Equal(whole.Text, streamed.Text);
        Assert.Equal(whole.FinishReason, streamed.FinishReason);
        Assert.Equal(ChatFinishReason.Length, streamed.FinishReason);
        Assert.Equal(whole.Usage!.InputTokenCount, streamed.Usage!.InputTokenCount);
        Assert.Equal(whole.Usage.OutputTokenCount, streamed.Usage.OutputTokenCount);
        Assert.Equal(whole.Usage.TotalTokenCount, streamed.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamsToolCallsWithStableIds()
    {
        var response = Wire.Json("ollama.chat.tool_call.response.json");
        var callLine = new JsonObject { ["model"] = "llama3.2", ["message"] = response["message"]!.DeepClone(), ["done"] = false }.ToJsonString() + "\n";
        var doneLine = "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done_reason\":\"stop\",\"done\":true,\"prompt_eval_count\":122,\"eval_count\":33}\n";
        await using var server = new LoopbackHttpServer();
        server.RespondStream([callLine, doneLine], Wire.Ndjson);
        using var provider = TestProviders.For(server);

        var updates = await CollectAsync(provider.GetChatClient("llama3.2").GetStreamingResponseAsync("weather?", new ChatOptions { Tools = [WeatherTool()] }));

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_current_weather", call.Name);
        Assert.Equal(OllamaMapper.StableCallId(0, call.Name, call.Arguments), call.CallId);
        Assert.Equal(ChatFinishReason.ToolCalls, updates.ToChatResponse().FinishReason);
        Assert.Equal(122, updates.ToChatResponse().Usage!.InputTokenCount);
    }

    [Fact]
    public async Task GetResponseAsync_SendsImagesAsBase64()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, "{\"model\":\"llava\",\"message\":{\"role\":\"assistant\",\"content\":\"a cat\"},\"done\":true,\"prompt_eval_count\":1,\"eval_count\":2}");
        using var provider = TestProviders.For(server);

        await provider.GetChatClient("llava").GetResponseAsync([new ChatMessage(ChatRole.User, [new TextContent("what is this?"), new DataContent(new byte[] { 1, 2, 3 }, "image/png")])]);

        Assert.Equal(Convert.ToBase64String(new byte[] { 1, 2, 3 }), (string)JsonNode.Parse(server.Requests[0].Body)!["messages"]![0]!["images"]![0]!);
    }
}
