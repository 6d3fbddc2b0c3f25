using System.Text.Json;
using System.Text.Json.Nodes;
using LlmRouter.Gemini.Mapping;
using LlmRouter.Gemini.Tests.TestSupport;
using LlmRouter.Gemini.Wire;

namespace LlmRouter.Gemini.Tests.Mapping;

public sealed class GeminiMapperResponseTests
{
    private static GeminiGenerateContentResponse Parse(string json) =>
        JsonSerializer.Deserialize(json, GeminiJsonContext.Default.GeminiGenerateContentResponse)!;

    [Fact]
    public void ToChatResponse_RecordedFunctionCall_MapsCallFinishAndUsage()
    {
        var response = GeminiMapper.ToChatResponse(Parse(WireFixtures.Body("gemini.generateContent.function_call.response.json")), "gemini-2.0-flash");

        var call = Assert.IsType<FunctionCallContent>(Assert.Single(response.Messages[0].Contents));
        Assert.Equal("GetWeather", call.Name);
        Assert.Equal("Melbourne", ((JsonElement)call.Arguments!["location"]!).GetString());
        Assert.False(string.IsNullOrEmpty(call.CallId));
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(ChatRole.Assistant, response.Messages[0].Role);
        Assert.Equal("8D2taPzXNNfVz7IP2Kqw6AI", response.ResponseId);
        Assert.Equal("gemini-2.0-flash", response.ModelId);
        Assert.Equal(24, response.Usage!.InputTokenCount);
        Assert.Equal(4, response.Usage.OutputTokenCount);
        Assert.Equal(28, response.Usage.TotalTokenCount);
        Assert.Null(response.Usage.CachedInputTokenCount);
    }

    [Fact]
    public void ToUsage_CachedAndThinkingTokens_FollowOpenAIConventions()
    {
        var usage = GeminiMapper.ToUsage(new GeminiUsageMetadata
        {
            PromptTokenCount = 1000,
            CachedContentTokenCount = 400,
            CandidatesTokenCount = 50,
            ThoughtsTokenCount = 100,
            ToolUsePromptTokenCount = 10,
            TotalTokenCount = 1160,
        })!;

        Assert.Equal(1010, usage.InputTokenCount); // prompt (cached included) + tool-use prompt
        Assert.Equal(400, usage.CachedInputTokenCount);
        Assert.Equal(150, usage.OutputTokenCount); // candidates + thoughts
        Assert.Equal(100, usage.ReasoningTokenCount);
        Assert.Equal(1160, usage.TotalTokenCount);
    }

    [Theory]
    [InlineData("STOP", false, "stop")]
    [InlineData("STOP", true, "tool_calls")]
    [InlineData("MAX_TOKENS", false, "length")]
    [InlineData("SAFETY", false, "content_filter")]
    [InlineData("RECITATION", false, "content_filter")]
    [InlineData("BLOCKLIST", false, "content_filter")]
    [InlineData("PROHIBITED_CONTENT", false, "content_filter")]
    [InlineData("SPII", false, "content_filter")]
    [InlineData("MALFORMED_FUNCTION_CALL", false, "malformed_function_call")]
    public void ToFinishReason_MapsGeminiReasons(string reason, bool hasCalls, string expected)
    {
        Assert.Equal(expected, GeminiMapper.ToFinishReason(reason, hasCalls)!.Value.Value);
    }

    [Fact]
    public void ToChatResponse_ThoughtsAndSignatures_BecomeReasoningContent()
    {
        var response = GeminiMapper.ToChatResponse(Parse("""
            {"candidates":[{"content":{"role":"model","parts":[
              {"text":"Thinking about it","thought":true},
              {"text":"Paris.","thoughtSignature":"c2lnMQ=="}]},"finishReason":"STOP"}],
             "usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":2,"thoughtsTokenCount":7,"totalTokenCount":14}}
            """), "gemini-2.5-flash");

        var contents = response.Messages[0].Contents;
        Assert.Equal("Thinking about it", Assert.IsType<TextReasoningContent>(contents[0]).Text);
        Assert.Equal("Paris.", Assert.IsType<TextContent>(contents[1]).Text);
        Assert.Equal("c2lnMQ==", Assert.IsType<TextReasoningContent>(contents[2]).ProtectedData);
        Assert.Equal("Paris.", response.Text);
        Assert.Equal(7, response.Usage!.ReasoningTokenCount);
        Assert.Equal(9, response.Usage.OutputTokenCount);
    }

    [Fact]
    public void ThoughtSignatures_RoundTripOntoTheirFunctionCall()
    {
        var first = GeminiMapper.ToChatResponse(Parse("""
            {"candidates":[{"content":{"role":"model","parts":[
              {"functionCall":{"name":"GetWeather","args":{"location":"Paris"}},"thoughtSignature":"c2lnLWNhbGw="}]},"finishReason":"STOP"}]}
            """), "gemini-3-flash-preview");
        var call = first.Messages[0].Contents.OfType<FunctionCallContent>().Single();
        List<ChatMessage> history = [new(ChatRole.User, "Weather?"), .. first.Messages, new(ChatRole.Tool, [new FunctionResultContent(call.CallId, "sunny")])];

        var json = JsonNode.Parse(JsonSerializer.Serialize(GeminiMapper.ToRequest(history, null, "gemini-3-flash-preview"), GeminiJsonContext.Default.GeminiGenerateContentRequest))!;

        var part = Assert.Single(json["contents"]![1]!["parts"]!.AsArray())!;
        Assert.Equal("GetWeather", (string)part["functionCall"]!["name"]!);
        Assert.Equal("c2lnLWNhbGw=", (string)part["thoughtSignature"]!); // the model's own, not the bypass value
        Assert.Equal("GetWeather", (string)json["contents"]![2]!["parts"]![0]!["functionResponse"]!["name"]!);
    }

    [Fact]
    public void ToChatResponse_InlineImage_BecomesDataContent()
    {
        var response = GeminiMapper.ToChatResponse(Parse("""
            {"candidates":[{"content":{"role":"model","parts":[{"inlineData":{"mimeType":"image/png","data":"iVBORw=="}}]},"finishReason":"STOP"}]}
            """), "gemini-2.5-flash");

        var data = Assert.IsType<DataContent>(Assert.Single(response.Messages[0].Contents));
        Assert.Equal("image/png", data.MediaType);
        Assert.Equal(Convert.FromBase64String("iVBORw=="), data.Data.ToArray());
    }

    [Fact]
    public void ToChatResponse_BlockedPrompt_IsContentFiltered()
    {
        var ex = Assert.Throws<LlmException>(() => GeminiMapper.ToChatResponse(Parse("""
            {"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},"usageMetadata":{"promptTokenCount":9,"totalTokenCount":9}}
            """), "gemini-2.5-flash"));

        Assert.Equal(LlmErrorKind.ContentFiltered, ex.Kind);
        Assert.Contains("PROHIBITED_CONTENT", ex.Message, StringComparison.Ordinal);
        Assert.Equal("gemini", ex.Provider);
    }

    [Fact]
    public void ToChatResponse_SafetyStopWithoutContent_IsContentFiltered()
    {
        var ex = Assert.Throws<LlmException>(() => GeminiMapper.ToChatResponse(Parse("""
            {"candidates":[{"finishReason":"SAFETY","index":0}]}
            """), "gemini-2.5-flash"));

        Assert.Equal(LlmErrorKind.ContentFiltered, ex.Kind);
    }

    [Fact]
    public void ToChatResponse_SafetyStopAfterSomeText_KeepsTheTextWithContentFilterReason()
    {
        var response = GeminiMapper.ToChatResponse(Parse("""
            {"candidates":[{"content":{"role":"model","parts":[{"text":"Partial"}]},"finishReason":"SAFETY"}]}
            """), "gemini-2.5-flash");

        Assert.Equal("Partial", response.Text);
        Assert.Equal(ChatFinishReason.ContentFilter, response.FinishReason);
    }

    [Fact]
    public void ToChatResponse_NoCandidates_IsAClearLlmException()
    {
        var ex = Assert.Throws<LlmException>(() => GeminiMapper.ToChatResponse(Parse("{}"), "gemini-2.5-flash"));

        Assert.Equal(LlmErrorKind.Unknown, ex.Kind);
        Assert.Contains("no candidates", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToUpdate_StreamState_ReportsUsageOnceAtTheEnd()
    {
        var state = new GeminiStreamState("gemini-2.0-flash");
        var chunks = LlmRouter.Tests.Shared.LoopbackHttpServer.SplitSse(WireFixtures.Read("gemini.streamGenerateContent.text.sse"))
            .Select(e => Parse(e["data:".Length..].Trim()))
            .ToList();

        var updates = chunks.Select(c => GeminiMapper.ToUpdate(c, state)).OfType<ChatResponseUpdate>().ToList();
        var usage = GeminiMapper.ToUsageUpdate(state)!;

        Assert.Equal("The capital of France is **Paris**.\n", string.Concat(updates.Select(u => u.Text)));
        Assert.All(updates, u => Assert.DoesNotContain(u.Contents, c => c is UsageContent));
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        var details = Assert.IsType<UsageContent>(Assert.Single(usage.Contents)).Details;
        Assert.Equal(7, details.InputTokenCount); // the last chunk's running totals
        Assert.Equal(9, details.OutputTokenCount);
        Assert.Equal(16, details.TotalTokenCount);
    }
}
