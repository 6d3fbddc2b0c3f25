using System.Text.Json.Nodes;

namespace LlmRouter.OpenAI.Tests.TestSupport;

/// <summary>Reads the wire fixtures (tests/Fixtures/wire) copied to the output folder <c>wire/</c>.</summary>
internal static class Wire
{
    public static string Read(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "wire", file));

    public static JsonNode Json(string file) => JsonNode.Parse(Read(file))!;

    /// <summary>The OpenAI example of error-bodies.json with the given status (and code, when several share it).</summary>
    public static (int Status, string Body, Dictionary<string, string> Headers) OpenAIError(int status, string? code = null)
    {
        var examples = Json("error-bodies.json")["openai"]!["examples"]!.AsArray();
        foreach (var example in examples)
        {
            if ((int)example!["status"]! != status)
            {
                continue;
            }

            var body = example["body"]!;
            if (code is not null && (string?)body["error"]!["code"] != code && (string?)body["error"]!["type"] != code)
            {
                continue;
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (example["headers"] is JsonObject h)
            {
                foreach (var (name, value) in h)
                {
                    headers[name] = (string)value!;
                }
            }

            return (status, body.ToJsonString(), headers);
        }

        throw new InvalidOperationException($"error-bodies.json has no openai example {status} {code}");
    }
}
