using System.Text.Json.Nodes;

namespace LlmRouter.Gemini.Tests.TestSupport;

/// <summary>Reads the wire fixtures (tests/Fixtures/wire) copied to the test output's <c>wire/</c> folder.</summary>
internal static class WireFixtures
{
    public static string Read(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "wire", file));

    public static JsonNode Node(string file) => JsonNode.Parse(Read(file))!;

    /// <summary>The <c>body</c> of a recorded exchange, as JSON text.</summary>
    public static string Body(string file) => Node(file)["body"]!.ToJsonString();

    /// <summary>The Gemini example of error-bodies.json with the given status (the first one when several share it).</summary>
    public static string ErrorBody(int status) =>
        Node("error-bodies.json")["gemini"]!["examples"]!.AsArray()
            .First(e => (int)e!["status"]! == status && e["body"] is not null)!["body"]!.ToJsonString();
}
