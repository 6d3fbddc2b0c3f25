using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LlmRouter.Cli.Output;

/// <summary>Writes the one JSON document of <c>--json</c>: indented, UTF-8, followed by a newline.</summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes a document to a text writer.</summary>
    /// <param name="output">Standard output.</param>
    /// <param name="write">Writes the document's one value.</param>
    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }

        output.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        output.WriteLine();
        output.Flush();
    }

    /// <summary>Writes a number that may be missing.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property.</param>
    /// <param name="value">The value, or <see langword="null"/> for JSON null.</param>
    public static void WriteNumberOrNull(this Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>Writes a duration in whole milliseconds, or null.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property.</param>
    /// <param name="value">The duration.</param>
    public static void WriteMilliseconds(this Utf8JsonWriter writer, string name, TimeSpan? value) =>
        writer.WriteNumberOrNull(name, value is { } v ? Math.Round(v.TotalMilliseconds, 1) : null);
}
