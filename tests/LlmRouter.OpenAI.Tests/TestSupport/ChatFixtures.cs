using System.ComponentModel;
using System.Text;

namespace LlmRouter.OpenAI.Tests.TestSupport;

/// <summary>Requests and small composed payloads shared by the chat tests.</summary>
internal static class ChatFixtures
{
    public static readonly ChatMessage[] AliceQuestion = [new(ChatRole.User, "How old is Alice?")];

    /// <summary>The tool of the wire fixtures (dotnet/extensions' GetPersonAge).</summary>
    public static ChatOptions ToolOptions() => new()
    {
        Tools = [AIFunctionFactory.Create(([Description("The person whose age is being requested")] string personName) => 42, "GetPersonAge", "Gets the age of the specified person.")],
    };

    public static string TextCompletion(string text, string finishReason = "stop") =>
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1727894702,\"model\":\"gpt-4o-mini-2024-07-18\"," +
        "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + System.Text.Json.JsonSerializer.Serialize(text) +
        ",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"" + finishReason + "\"}]," +
        "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15,\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0}}}";

    /// <summary>An SSE text stream: one chunk per piece, then a finish chunk, a usage chunk and <c>[DONE]</c>.</summary>
    public static IReadOnlyList<string> TextStream(string[] pieces, string finishReason = "stop", bool done = true)
    {
        var events = new List<string>();
        foreach (var piece in pieces)
        {
            events.Add(Event($$"""{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":{{System.Text.Json.JsonSerializer.Serialize(piece)}}},"finish_reason":null}],"usage":null}"""));
        }

        if (done)
        {
            events.Add(Event($$"""{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"{{finishReason}}"}],"usage":null}"""));
            events.Add(Event("""{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":3,"total_tokens":13,"prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":1}}}"""));
            events.Add("data: [DONE]\n\n");
        }

        return events;
    }

    public static string Event(string json) => new StringBuilder("data: ").Append(json).Append("\n\n").ToString();
}
