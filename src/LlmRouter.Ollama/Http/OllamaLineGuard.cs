using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmRouter.Ollama;

/// <summary>
/// Checks each JSON line of an Ollama <c>/api/chat</c> or <c>/api/generate</c> response before OllamaSharp sees it:
/// an <c>{"error": …}</c> line throws (OllamaSharp would drop it and end the stream as if it had finished), a line that is not JSON throws,
/// a chat line without <c>message</c> (as in the documented final line) gets an empty assistant message (OllamaSharp would throw
/// <see cref="NullReferenceException"/>), and the end of the response throws when no <c>"done": true</c> line came.
/// </summary>
internal sealed class OllamaLineGuard(bool isChat)
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Gets a value indicating whether the final line (<c>"done": true</c>) has been seen.</summary>
    public bool SawDone { get; private set; }

    /// <summary>Checks one line.</summary>
    /// <param name="line">The line's bytes, without the newline.</param>
    /// <returns>The bytes to pass on (the line itself, or a repaired copy), or <see langword="null"/> for a blank line.</returns>
    /// <exception cref="OllamaWireException">The line is an error, or not a JSON object.</exception>
    public byte[]? ProcessLine(ReadOnlySpan<byte> line)
    {
        line = line.Trim(" \t\r\n"u8);
        if (line.IsEmpty)
        {
            return null;
        }

        var node = Parse(line);
        return Check(node) ? Encoding.UTF8.GetBytes(node.ToJsonString(Compact)) : line.ToArray();
    }

    /// <summary>Checks a whole (non-streamed) body, which may be pretty-printed JSON or NDJSON, and returns it as compact NDJSON.</summary>
    /// <param name="body">The body.</param>
    /// <returns>The body OllamaSharp can read line by line.</returns>
    /// <exception cref="OllamaWireException">The body is an error, not JSON, or has no final line.</exception>
    public byte[] ProcessDocument(ReadOnlySpan<byte> body)
    {
        JsonNode? whole = null;
        try
        {
            whole = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            // Not one document: NDJSON (a streamed answer sent whole), or broken, which the line checks report.
        }

        using var output = new MemoryStream(body.Length + 64);
        if (whole is not null)
        {
            Check(whole);
            output.Write(Encoding.UTF8.GetBytes(whole.ToJsonString(Compact)));
            output.WriteByte((byte)'\n');
        }
        else
        {
            var rest = body;
            while (!rest.IsEmpty)
            {
                var newline = rest.IndexOf((byte)'\n');
                var line = newline < 0 ? rest : rest[..newline];
                rest = newline < 0 ? [] : rest[(newline + 1)..];
                if (ProcessLine(line) is { } checkedLine)
                {
                    output.Write(checkedLine);
                    output.WriteByte((byte)'\n');
                }
            }
        }

        Complete();
        return output.ToArray();
    }

    /// <summary>Called at the end of the response.</summary>
    /// <exception cref="OllamaWireException">No final line came: the response was cut short.</exception>
    public void Complete()
    {
        if (!SawDone)
        {
            throw new OllamaWireException(OllamaWireFailure.Truncated, "the response ended before Ollama's final (\"done\": true) line");
        }
    }

    /// <summary>Reads the server's error text from an <c>error</c> field: a string, or an object with a <c>message</c>.</summary>
    /// <param name="error">The field's value.</param>
    /// <returns>The text.</returns>
    public static string ErrorText(JsonNode? error) => error switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonObject o when o["message"] is JsonValue m && m.TryGetValue<string>(out var s) => s,
        null => "unknown error",
        _ => error.ToJsonString(),
    };

    private static JsonNode Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            return JsonNode.Parse(line) ?? throw Malformed(line, null);
        }
        catch (JsonException ex)
        {
            throw Malformed(line, ex);
        }
    }

    private static OllamaWireException Malformed(ReadOnlySpan<byte> line, Exception? inner)
    {
        var text = Encoding.UTF8.GetString(line.Length > 200 ? line[..200] : line);
        return new OllamaWireException(OllamaWireFailure.Malformed, $"Ollama sent a line that is not a JSON object: {text}", inner);
    }

    /// <returns><see langword="true"/> when the node was repaired and must be re-serialised.</returns>
    private bool Check(JsonNode node)
    {
        if (node is not JsonObject obj)
        {
            throw new OllamaWireException(OllamaWireFailure.Malformed, $"Ollama sent JSON that is not an object: {Truncate(node.ToJsonString())}");
        }

        if (obj.TryGetPropertyValue("error", out var error) && error is not null)
        {
            var text = ErrorText(error);
            throw new OllamaWireException(OllamaWireFailure.StreamError, text) { ServerError = text };
        }

        if (obj["done"] is JsonValue done && done.TryGetValue<bool>(out var isDone) && isDone)
        {
            SawDone = true;
        }

        if (isChat && obj["message"] is not JsonObject)
        {
            obj["message"] = new JsonObject { ["role"] = "assistant", ["content"] = string.Empty };
            return true;
        }

        return false;
    }

    private static string Truncate(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
