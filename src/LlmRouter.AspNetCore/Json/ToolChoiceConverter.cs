using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmRouter.AspNetCore;

/// <summary>Reads <c>tool_choice</c>: <c>"none"</c>, <c>"auto"</c>, <c>"required"</c>, or <c>{"type":"function","function":{"name":…}}</c>.</summary>
internal sealed class ToolChoiceConverter : JsonConverter<ToolChoiceDto>
{
    private const string Shape = "'tool_choice' must be \"none\", \"auto\", \"required\" or {\"type\":\"function\",\"function\":{\"name\":\"…\"}}.";

    public override ToolChoiceDto? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            return new ToolChoiceDto(reader.GetString(), null);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException(Shape);
        }

        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        if (root.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object &&
            function.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
        {
            return new ToolChoiceDto(null, name.GetString());
        }

        throw new JsonException(Shape);
    }

    public override void Write(Utf8JsonWriter writer, ToolChoiceDto value, JsonSerializerOptions options)
    {
        if (value.FunctionName is null)
        {
            writer.WriteStringValue(value.Mode);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", value.FunctionName);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
