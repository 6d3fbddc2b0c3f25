using System.Text.Json;
using System.Text.Json.Nodes;
using LlmRouter.Gemini.Mapping;
using LlmRouter.Gemini.Wire;

namespace LlmRouter.Gemini.Tests.Mapping;

public sealed class GeminiMapperRequestTests
{
    private static JsonNode ToJson(GeminiGenerateContentRequest request) =>
        JsonNode.Parse(JsonSerializer.Serialize(request, GeminiJsonContext.Default.GeminiGenerateContentRequest))!;

    [Fact]
    public void ToRequest_MapsRolesAndSystemInstruction()
    {
        List<ChatMessage> messages =
        [
            new(ChatRole.System, "Be terse."),
            new(ChatRole.User, "Hi"),
            new(ChatRole.Assistant, "Hello"),
            new(ChatRole.User, "Bye"),
        ];

        var json = ToJson(GeminiMapper.ToRequest(messages, new ChatOptions { Instructions = "Answer in English." }, "gemini-2.5-flash"));

        var system = json["systemInstruction"]!["parts"]!.AsArray().Select(p => (string)p!["text"]!).ToArray();
        Assert.Equal(["Answer in English.", "Be terse."], system);
        var contents = json["contents"]!.AsArray();
        Assert.Equal(["user", "model", "user"], contents.Select(c => (string)c!["role"]!));
        Assert.Equal("Hello", (string)contents[1]!["parts"]![0]!["text"]!);
        Assert.Null(json["generationConfig"]);
        Assert.Null(json["tools"]);
    }

    [Fact]
    public void ToRequest_MapsGenerationConfig()
    {
        var options = new ChatOptions
        {
            Temperature = 0.5f,
            TopP = 0.9f,
            TopK = 40,
            MaxOutputTokens = 256,
            StopSequences = ["END"],
            Seed = 42,
            PresencePenalty = 0.1f,
            FrequencyPenalty = 0.2f,
        };

        var config = ToJson(GeminiMapper.ToRequest([new(ChatRole.User, "x")], options, "gemini-2.5-flash"))["generationConfig"]!;

        Assert.Equal(0.5, (double)config["temperature"]!, 3);
        Assert.Equal(0.9, (double)config["topP"]!, 3);
        Assert.Equal(40, (int)config["topK"]!);
        Assert.Equal(256, (int)config["maxOutputTokens"]!);
        Assert.Equal("END", (string)config["stopSequences"]![0]!);
        Assert.Equal(42, (long)config["seed"]!);
        Assert.Equal(0.1, (double)config["presencePenalty"]!, 3);
        Assert.Equal(0.2, (double)config["frequencyPenalty"]!, 3);
    }

    [Fact]
    public void ToRequest_JsonFormat_SetsMimeTypeOnly()
    {
        var config = ToJson(GeminiMapper.ToRequest([new(ChatRole.User, "x")], new ChatOptions { ResponseFormat = ChatResponseFormat.Json }, "gemini-2.5-flash"))["generationConfig"]!;

        Assert.Equal("application/json", (string)config["responseMimeType"]!);
        Assert.Null(config["responseJsonSchema"]);
    }

    [Fact]
    public void ToRequest_JsonSchemaFormat_PassesTheSchemaThrough()
    {
        using var schema = JsonDocument.Parse("""{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}""");
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement, "City") };

        var config = ToJson(GeminiMapper.ToRequest([new(ChatRole.User, "x")], options, "gemini-2.5-flash"))["generationConfig"]!;

        Assert.Equal("application/json", (string)config["responseMimeType"]!);
        var sent = config["responseJsonSchema"]!;
        Assert.Equal("object", (string)sent["type"]!);
        Assert.Equal("string", (string)sent["properties"]!["city"]!["type"]!);
        Assert.False((bool)sent["additionalProperties"]!);
        Assert.Null(sent["$schema"]);
    }

    [Fact]
    public void ToRequest_MapsFunctionToolsWithJsonSchema()
    {
        var tool = AIFunctionFactory.Create((string location, int days) => "sunny", "GetWeather", "return the real time weather of the location");

        var json = ToJson(GeminiMapper.ToRequest([new(ChatRole.User, "x")], new ChatOptions { Tools = [tool] }, "gemini-2.5-flash"));

        var declaration = json["tools"]![0]!["functionDeclarations"]![0]!;
        Assert.Equal("GetWeather", (string)declaration["name"]!);
        Assert.Equal("return the real time weather of the location", (string)declaration["description"]!);
        var parameters = declaration["parametersJsonSchema"]!;
        Assert.Equal("object", (string)parameters["type"]!);
        Assert.Equal("string", (string)parameters["properties"]!["location"]!["type"]!);
        Assert.Equal("integer", (string)parameters["properties"]!["days"]!["type"]!);
        Assert.Equal(["location", "days"], parameters["required"]!.AsArray().Select(r => (string)r!));
        Assert.Null(json["toolConfig"]);
    }

    [Theory]
    [InlineData("auto", "AUTO", null)]
    [InlineData("none", "NONE", null)]
    [InlineData("any", "ANY", null)]
    [InlineData("specific", "ANY", "GetWeather")]
    public void ToRequest_MapsToolMode(string mode, string expectedMode, string? allowed)
    {
        var tool = AIFunctionFactory.Create((string location) => "sunny", "GetWeather");
        ChatToolMode toolMode = mode switch
        {
            "auto" => ChatToolMode.Auto,
            "none" => ChatToolMode.None,
            "any" => ChatToolMode.RequireAny,
            _ => ChatToolMode.RequireSpecific("GetWeather"),
        };

        var config = ToJson(GeminiMapper.ToRequest([new(ChatRole.User, "x")], new ChatOptions { Tools = [tool], ToolMode = toolMode }, "gemini-2.5-flash"))["toolConfig"]!["functionCallingConfig"]!;

        Assert.Equal(expectedMode, (string)config["mode"]!);
        Assert.Equal(allowed, (string?)config["allowedFunctionNames"]?[0]);
    }

    [Fact]
    public void ToRequest_MapsWebSearchToGoogleSearch()
    {
        var json = ToJson(GeminiMapper.ToRequest([new(ChatRole.User, "x")], new ChatOptions { Tools = [new HostedWebSearchTool()] }, "gemini-2.5-flash"));

        Assert.NotNull(json["tools"]![0]!["googleSearch"]);
    }

    [Fact]
    public void ToRequest_MapsFunctionCallsAndResultsWithTheFunctionName()
    {
        List<ChatMessage> messages =
        [
            new(ChatRole.User, "Weather in Melbourne and Paris?"),
            new(ChatRole.Assistant,
            [
                new FunctionCallContent("call-1", "GetWeather", new Dictionary<string, object?> { ["location"] = "Melbourne" }),
                new FunctionCallContent("call-2", "GetWeather", new Dictionary<string, object?> { ["location"] = "Paris", ["days"] = 2 }),
            ]),
            new(ChatRole.Tool, [new FunctionResultContent("call-1", "sunny")]),
            new(ChatRole.Tool, [new FunctionResultContent("call-2", new { temperature = 21 })]),
        ];

        var contents = ToJson(GeminiMapper.ToRequest(messages, null, "gemini-2.5-flash"))["contents"]!.AsArray();

        Assert.Equal(3, contents.Count); // the two tool messages merge into one user turn
        var calls = contents[1]!["parts"]!.AsArray();
        Assert.Equal("model", (string)contents[1]!["role"]!);
        Assert.Equal("GetWeather", (string)calls[0]!["functionCall"]!["name"]!);
        Assert.Equal("Melbourne", (string)calls[0]!["functionCall"]!["args"]!["location"]!);
        Assert.Equal(2, (int)calls[1]!["functionCall"]!["args"]!["days"]!);
        Assert.Null(calls[0]!["functionCall"]!["id"]); // local ids are never sent
        Assert.Null(calls[0]!["thoughtSignature"]); // not a Gemini 3 model
        var results = contents[2]!["parts"]!.AsArray();
        Assert.Equal("user", (string)contents[2]!["role"]!);
        Assert.Equal("GetWeather", (string)results[0]!["functionResponse"]!["name"]!);
        Assert.Equal("sunny", (string)results[0]!["functionResponse"]!["response"]!["result"]!);
        Assert.Equal(21, (int)results[1]!["functionResponse"]!["response"]!["result"]!["temperature"]!);
    }

    [Fact]
    public void ToRequest_FunctionError_SendsAnErrorResponse()
    {
        List<ChatMessage> messages =
        [
            new(ChatRole.User, "x"),
            new(ChatRole.Assistant, [new FunctionCallContent("c", "F")]),
            new(ChatRole.Tool, [new FunctionResultContent("c", null) { Exception = new InvalidOperationException("boom") }]),
        ];

        var response = ToJson(GeminiMapper.ToRequest(messages, null, "gemini-2.5-flash"))["contents"]![2]!["parts"]![0]!["functionResponse"]!;

        Assert.Equal("F", (string)response["name"]!);
        Assert.Equal("boom", (string)response["response"]!["error"]!);
    }

    [Fact]
    public void ToRequest_Gemini3_AddsTheBypassSignatureToForeignFunctionCalls()
    {
        List<ChatMessage> messages =
        [
            new(ChatRole.User, "x"),
            new(ChatRole.Assistant, [new FunctionCallContent("a", "F"), new FunctionCallContent("b", "G")]),
            new(ChatRole.Tool, [new FunctionResultContent("a", 1), new FunctionResultContent("b", 2)]),
        ];

        var parts = ToJson(GeminiMapper.ToRequest(messages, null, "gemini-3-flash-preview"))["contents"]![1]!["parts"]!.AsArray();

        Assert.Equal(GeminiMapper.SkipThoughtSignature, (string)parts[0]!["thoughtSignature"]!);
        Assert.Null(parts[1]!["thoughtSignature"]); // only the first call of a turn carries one
        Assert.Equal("skip_thought_signature_validator", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(GeminiMapper.SkipThoughtSignature)));
    }

    [Fact]
    public void ToRequest_MapsImagesAndFileUris()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47];
        var message = new ChatMessage(ChatRole.User,
        [
            new TextContent("What is this?"),
            new DataContent(png, "image/png"),
            new UriContent(new Uri("https://generativelanguage.googleapis.com/v1beta/files/abc"), "application/pdf"),
        ]);

        var parts = ToJson(GeminiMapper.ToRequest([message], null, "gemini-2.5-flash"))["contents"]![0]!["parts"]!.AsArray();

        Assert.Equal("image/png", (string)parts[1]!["inlineData"]!["mimeType"]!);
        Assert.Equal(Convert.ToBase64String(png), (string)parts[1]!["inlineData"]!["data"]!);
        Assert.Equal("https://generativelanguage.googleapis.com/v1beta/files/abc", (string)parts[2]!["fileData"]!["fileUri"]!);
        Assert.Equal("application/pdf", (string)parts[2]!["fileData"]!["mimeType"]!);
    }

    [Theory]
    [InlineData(ReasoningEffort.None, "gemini-2.5-flash", 0)]
    [InlineData(ReasoningEffort.None, "gemini-2.5-pro", 128)]
    [InlineData(ReasoningEffort.Low, "gemini-2.5-flash", 1024)]
    [InlineData(ReasoningEffort.Medium, "gemini-3-flash-preview", 8192)]
    [InlineData(ReasoningEffort.High, "gemini-2.5-pro", 24576)]
    public void ToRequest_MapsReasoningEffortToThinkingBudget(ReasoningEffort effort, string model, int budget)
    {
        var options = new ChatOptions { Reasoning = new ReasoningOptions { Effort = effort, Output = ReasoningOutput.Summary } };

        var thinking = ToJson(GeminiMapper.ToRequest([new(ChatRole.User, "x")], options, model))["generationConfig"]!["thinkingConfig"]!;

        Assert.Equal(budget, (int)thinking["thinkingBudget"]!);
        Assert.True((bool)thinking["includeThoughts"]!);
    }

    [Fact]
    public void ToRequest_DoesNotMutateTheCallersMessagesOrOptions()
    {
        List<ChatMessage> messages = [new(ChatRole.System, "sys"), new(ChatRole.User, "a"), new(ChatRole.User, "b")];
        var options = new ChatOptions { Instructions = "i", Temperature = 1f };
        var before = JsonSerializer.Serialize(messages, AIJsonUtilities.DefaultOptions);

        GeminiMapper.ToRequest(messages, options, "gemini-2.5-flash");

        Assert.Equal(before, JsonSerializer.Serialize(messages, AIJsonUtilities.DefaultOptions));
        Assert.Equal(3, messages.Count);
        Assert.Equal("i", options.Instructions);
        Assert.Null(options.ModelId);
    }

    [Fact]
    public void ToRequest_ConversationId_IsNotSupported()
    {
        var ex = Assert.Throws<NotSupportedException>(() => GeminiMapper.ToRequest([new(ChatRole.User, "x")], new ChatOptions { ConversationId = "conv" }, "gemini-2.5-flash"));

        Assert.Contains("whole history", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToRequest_UnsupportedTool_IsNotSupported()
    {
        var ex = Assert.Throws<NotSupportedException>(() => GeminiMapper.ToRequest([new(ChatRole.User, "x")], new ChatOptions { Tools = [new HostedCodeInterpreterTool()] }, "gemini-2.5-flash"));

        Assert.Contains("AIFunction", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToRequest_HostedFile_IsNotSupported()
    {
        var message = new ChatMessage(ChatRole.User, [new HostedFileContent("file-1")]);

        var ex = Assert.Throws<NotSupportedException>(() => GeminiMapper.ToRequest([message], null, "gemini-2.5-flash"));

        Assert.Contains("UriContent", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToRequest_OnlySystemText_BecomesTheUserTurn()
    {
        var json = ToJson(GeminiMapper.ToRequest([new(ChatRole.System, "Write a haiku.")], new ChatOptions { Instructions = "In English." }, "gemini-2.5-flash"));

        var turn = Assert.Single(json["contents"]!.AsArray())!;
        Assert.Equal("user", (string)turn["role"]!);
        Assert.Equal(["In English.", "Write a haiku."], turn["parts"]!.AsArray().Select(p => (string)p!["text"]!));
        Assert.Null(json["systemInstruction"]);
    }

    [Fact]
    public void ToRequest_NothingToSend_IsRejectedBeforeAnyCall()
    {
        Assert.Throws<ArgumentException>(() => GeminiMapper.ToRequest([new(ChatRole.User, [new UsageContent()])], null, "gemini-2.5-flash"));
    }
}
