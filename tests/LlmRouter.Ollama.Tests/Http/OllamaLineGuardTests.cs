using System.Text;
using System.Text.Json.Nodes;
using LlmRouter.Ollama.Tests.TestSupport;

namespace LlmRouter.Ollama.Tests.Http;

public class OllamaLineGuardTests
{
    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void ProcessLine_RaisesTheGenerateFixturesErrorLine()
    {
        var guard = new OllamaLineGuard(isChat: false);
        var lines = Wire.Lines("ollama.generate.stream.midstream_error.ndjson");

        foreach (var line in lines.Take(4))
        {
            Assert.Equal(line.TrimEnd('\n'), Encoding.UTF8.GetString(guard.ProcessLine(Bytes(line))!));
        }

        var ex = Assert.Throws<OllamaWireException>(() => guard.ProcessLine(Bytes(lines[4])));
        Assert.Equal(OllamaWireFailure.StreamError, ex.Failure);
        Assert.Equal("an error was encountered while running the model", ex.ServerError);
    }

    [Fact]
    public void ProcessLine_GivesAChatLineWithoutMessageAnEmptyOne()
    {
        var guard = new OllamaLineGuard(isChat: true);

        var done = JsonNode.Parse(guard.ProcessLine(Bytes(Wire.Lines("ollama.chat.stream.ndjson")[1]))!)!;

        Assert.Equal("assistant", (string)done["message"]!["role"]!);
        Assert.Equal(string.Empty, (string)done["message"]!["content"]!);
        Assert.Equal(26, (int)done["prompt_eval_count"]!);
        Assert.True(guard.SawDone);
    }

    [Fact]
    public void ProcessLine_SkipsBlankLinesAndRejectsBrokenOnes()
    {
        var guard = new OllamaLineGuard(isChat: true);

        Assert.Null(guard.ProcessLine(Bytes("  \r")));
        Assert.Equal(OllamaWireFailure.Malformed, Assert.Throws<OllamaWireException>(() => guard.ProcessLine(Bytes("{\"model\":"))).Failure);
        Assert.Equal(OllamaWireFailure.Malformed, Assert.Throws<OllamaWireException>(() => guard.ProcessLine(Bytes("\"text\""))).Failure);
    }

    [Fact]
    public void ProcessLine_ReadsAnErrorObjectsMessage()
    {
        var ex = Assert.Throws<OllamaWireException>(() => new OllamaLineGuard(false).ProcessLine(Bytes("{\"error\":{\"message\":\"out of memory\"}}")));

        Assert.Equal("out of memory", ex.ServerError);
    }

    [Fact]
    public void Complete_RaisesAResponseWithoutItsFinalLine()
    {
        var guard = new OllamaLineGuard(isChat: true);
        guard.ProcessLine(Bytes(Wire.Lines("ollama.chat.stream.ndjson")[0]));

        Assert.Equal(OllamaWireFailure.Truncated, Assert.Throws<OllamaWireException>(guard.Complete).Failure);
    }

    [Fact]
    public void ProcessDocument_CompactsAPrettyPrintedBody()
    {
        var body = new OllamaLineGuard(isChat: true).ProcessDocument(Bytes(Wire.Read("ollama.chat.tool_call.response.json")));

        var text = Encoding.UTF8.GetString(body);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(JsonNode.DeepEquals(Wire.Json("ollama.chat.tool_call.response.json"), JsonNode.Parse(text)));
    }

    [Fact]
    public void ProcessDocument_ChecksAStreamSentWhole()
    {
        var guard = new OllamaLineGuard(isChat: true);

        var body = guard.ProcessDocument(Bytes(Wire.Read("ollama.chat.stream.ndjson")));

        Assert.Equal(2, Encoding.UTF8.GetString(body).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Throws<OllamaWireException>(() => new OllamaLineGuard(false).ProcessDocument(Bytes(Wire.Read("ollama.generate.stream.midstream_error.ndjson"))));
    }
}
