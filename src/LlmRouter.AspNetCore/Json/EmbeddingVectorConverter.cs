using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmRouter.AspNetCore;

/// <summary>Writes a vector as an array of numbers, or as base64 of its little-endian float32 bytes (what OpenAI's SDKs ask for by default).</summary>
internal sealed class EmbeddingVectorConverter : JsonConverter<EmbeddingVector>
{
    public override EmbeddingVector Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var bytes = reader.GetBytesFromBase64();
            return new EmbeddingVector(MemoryMarshal.Cast<byte, float>(bytes).ToArray(), Base64: true);
        }

        var values = new List<float>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(reader.GetSingle());
        }

        return new EmbeddingVector(values.ToArray(), Base64: false);
    }

    public override void Write(Utf8JsonWriter writer, EmbeddingVector value, JsonSerializerOptions options)
    {
        var span = value.Values.Span;
        if (value.Base64)
        {
            if (!BitConverter.IsLittleEndian)
            {
                throw new PlatformNotSupportedException("base64 embeddings are written on little-endian machines only.");
            }

            writer.WriteBase64StringValue(MemoryMarshal.AsBytes(span));
            return;
        }

        writer.WriteStartArray();
        foreach (var v in span)
        {
            writer.WriteNumberValue(v);
        }

        writer.WriteEndArray();
    }
}
