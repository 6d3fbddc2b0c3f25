using System.Text.Json.Nodes;
using LlmRouter.Tests.Shared;

namespace LlmRouter.Bedrock.Tests.TestSupport;

/// <summary>Reads the wire fixtures (tests/Fixtures/wire) copied next to the test assembly.</summary>
internal static class Wire
{
    public static string Read(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "wire", file));

    public static JsonNode Json(string file) => JsonNode.Parse(Read(file))!;

    public static IReadOnlyList<string> Sse(string file) => LoopbackHttpServer.SplitSse(Read(file));

    /// <summary>The data lines of an SSE fixture: one Anthropic stream event (JSON) each.</summary>
    public static IReadOnlyList<string> SseEvents(string file) =>
        Sse(file).Select(e => e.Split('\n').First(l => l.StartsWith("data:", StringComparison.Ordinal))["data:".Length..].Trim()).ToArray();

    /// <summary>An AWS error body.</summary>
    public static string AwsError(string message) => new JsonObject { ["message"] = message }.ToJsonString();

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
