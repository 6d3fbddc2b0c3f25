using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmRouter.AspNetCore;

/// <summary>Reads an embedding request's <c>input</c>: a string, an array of strings, or token ids (recognised, then refused).</summary>
internal sealed class EmbeddingInputConverter : JsonConverter<EmbeddingInput>
{
    private const string Shape = "'input' must be a string or an array of strings.";

    public override EmbeddingInput? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return new EmbeddingInput([reader.GetString()!], false);
            case JsonTokenType.StartArray:
                var texts = new List<string>();
                var tokens = false;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.String:
                            texts.Add(reader.GetString()!);
                            break;
                        case JsonTokenType.Number:
                            tokens = true;
                            break;
                        case JsonTokenType.StartArray:
                            tokens = true;
                            reader.Skip();
                            break;
                        default:
                            throw new JsonException(Shape);
                    }
                }

                return tokens ? new EmbeddingInput(null, true) : new EmbeddingInput(texts, false);
            default:
                throw new JsonException(Shape);
        }
    }

    public override void Write(Utf8JsonWriter writer, EmbeddingInput value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var text in value.Texts ?? [])
        {
            writer.WriteStringValue(text);
        }

        writer.WriteEndArray();
    }
}
