using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmRouter.AspNetCore;

/// <summary>Reads a message's <c>content</c>: a string, an array of parts, or null.</summary>
internal sealed class MessageContentConverter : JsonConverter<MessageContent>
{
    public override MessageContent? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => new MessageContent(reader.GetString(), null),
        JsonTokenType.StartArray => new MessageContent(null, JsonSerializer.Deserialize(ref reader, GatewayJsonContext.Default.ListContentPartDto)),
        _ => throw new JsonException("A message's 'content' must be a string or an array of content parts."),
    };

    public override void Write(Utf8JsonWriter writer, MessageContent value, JsonSerializerOptions options)
    {
        if (value.Parts is { } parts)
        {
            JsonSerializer.Serialize(writer, parts, GatewayJsonContext.Default.ListContentPartDto);
        }
        else
        {
            writer.WriteStringValue(value.Text);
        }
    }
}
