using System.Text.Json.Nodes;
using LlmRouter.Tests.Shared;

namespace LlmRouter.Anthropic.Tests.TestSupport;

/// <summary>Reads the wire fixtures (tests/Fixtures/wire) copied next to the test assembly.</summary>
internal static class Wire
{
    public static string Read(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "wire", file));

    public static JsonNode Json(string file) => JsonNode.Parse(Read(file))!;

    public static IReadOnlyList<string> Sse(string file) => LoopbackHttpServer.SplitSse(Read(file));

    /// <summary>The anthropic entries of error-bodies.json.</summary>
    public static JsonObject AnthropicErrors => Json("error-bodies.json")["anthropic"]!.AsObject();

    /// <summary>The body of the error example whose message contains <paramref name="text"/>.</summary>
    public static (int Status, string Body) Error(string text)
    {
        foreach (var example in AnthropicErrors["examples"]!.AsArray())
        {
            var body = example!["body"]!;
            if (body["error"]!["message"]!.GetValue<string>().Contains(text, StringComparison.Ordinal))
            {
                return (example["status"]!.GetValue<int>(), body.ToJsonString());
            }
        }

        throw new InvalidOperationException($"No anthropic error example mentions '{text}'.");
    }

    public static string ErrorBody(string type, string message) =>
        new JsonObject { ["type"] = "error", ["error"] = new JsonObject { ["type"] = type, ["message"] = message } }.ToJsonString();

    /// <summary>A minimal, valid message_start event, to precede a mid-stream error.</summary>
    public const string MessageStart =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-haiku-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n";

    /// <summary>A text response with every usage field: cache reads and writes and thinking tokens.</summary>
    public const string CachedResponse =
        """{"id":"msg_cached","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[{"type":"thinking","thinking":"Let me think.","signature":"sig"},{"type":"text","text":"Paris."}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":10,"cache_read_input_tokens":100,"cache_creation_input_tokens":50,"output_tokens":20,"output_tokens_details":{"thinking_tokens":7}}}""";

    /// <summary>The same usage as <see cref="CachedResponse"/>, streamed.</summary>
    public static IReadOnlyList<string> CachedStream() => LoopbackHttpServer.SplitSse(
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_cached\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-haiku-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"cache_read_input_tokens\":100,\"cache_creation_input_tokens\":50,\"output_tokens\":1}}}\n\n" +
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Paris.\"}}\n\n" +
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n" +
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":20,\"output_tokens_details\":{\"thinking_tokens\":7}}}\n\n" +
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

    /// <summary>The tool of anthropic.messages.tool_use.request.json, as a Microsoft.Extensions.AI declaration.</summary>
    public static AIFunctionDeclaration WeatherTool()
    {
        var tool = Json("anthropic.messages.tool_use.request.json")["tools"]![0]!;
        return AIFunctionFactory.CreateDeclaration(
            tool["name"]!.GetValue<string>(),
            tool["description"]!.GetValue<string>(),
            System.Text.Json.JsonSerializer.SerializeToElement(tool["input_schema"]));
    }
}
