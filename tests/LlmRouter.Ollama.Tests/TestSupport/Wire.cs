using System.Text.Json.Nodes;

namespace LlmRouter.Ollama.Tests.TestSupport;

/// <summary>Reads the wire fixtures (tests/Fixtures/wire) copied to the output folder, and builds the bodies tests replay.</summary>
internal static class Wire
{
    public const string Ndjson = "application/x-ndjson";

    public static string Read(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "wire", file));

    public static JsonNode Json(string file) => JsonNode.Parse(Read(file))!;

    /// <summary>The fixture as one line, the way the Ollama server writes JSON.</summary>
    public static string Compact(string file) => Json(file).ToJsonString();

    public static IReadOnlyList<string> Lines(string file) => LlmRouter.Tests.Shared.LoopbackHttpServer.SplitLines(Read(file));

    /// <summary>An error body from error-bodies.json: the Ollama example with the given status (and wording, when several share it).</summary>
    public static string OllamaError(int status, string? containing = null)
    {
        var examples = Json("error-bodies.json")["ollama"]!["examples"]!.AsArray();
        var match = examples.First(e => (int)e!["status"]! == status && (containing is null || ((string)e["body"]!["error"]!).Contains(containing, StringComparison.Ordinal)));
        return match!["body"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>The /api/chat equivalent of the /api/generate mid-stream error fixture: each <c>response</c> becomes <c>message.content</c>; the error line is kept.</summary>
    public static IReadOnlyList<string> ChatMidstreamErrorLines() =>
        Lines("ollama.generate.stream.midstream_error.ndjson").Select(line =>
        {
            var node = JsonNode.Parse(line)!.AsObject();
            if (node["response"] is { } text)
            {
                node.Remove("response");
                node["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text.GetValue<string>() };
            }

            return node.ToJsonString() + "\n";
        }).ToArray();
}
