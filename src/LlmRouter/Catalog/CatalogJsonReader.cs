using System.Text.Json;

namespace LlmRouter;

/// <summary>
/// Reads <c>models.json</c> into its DTOs with a <see cref="Utf8JsonReader"/>, as <see cref="JsonSerializer"/> would with camel-case
/// names, comments and trailing commas allowed, and unknown members refused.
/// </summary>
/// <remarks>
/// Hand-written rather than source-generated because the catalog is loaded at every start: the serializer's first use (its metadata,
/// and the generic code it compiles for <see cref="decimal"/> properties) costs more than the whole read, which matters to
/// <c>llmrouter models list</c>. A member added to the file needs a case here (and a DTO property).
/// </remarks>
internal static class CatalogJsonReader
{
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Reads a whole catalog document.</summary>
    /// <param name="json">The document; read to its end.</param>
    /// <returns>The document, or <see langword="null"/> when it is JSON <c>null</c>.</returns>
    /// <exception cref="JsonException">The JSON is malformed, a value has the wrong type, or a member is unknown.</exception>
    public static CatalogFileDto? Read(Stream json)
    {
        using var buffer = new MemoryStream(json.CanSeek ? (int)Math.Max(0, json.Length - json.Position) : 0);
        json.CopyTo(buffer);
        var reader = new Utf8JsonReader(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Options);
        if (!reader.Read())
        {
            throw new JsonException("The document is empty.");
        }

        var file = reader.TokenType == JsonTokenType.Null ? null : ReadFile(ref reader);
        if (reader.Read())
        {
            throw new JsonException($"Unexpected {reader.TokenType} after the document.");
        }

        return file;
    }

    private static CatalogFileDto ReadFile(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "$");
        var file = new CatalogFileDto();
        while (NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "pricesAsOf":
                    file.PricesAsOf = ReadString(ref reader, name);
                    break;
                case "source":
                    file.Source = ReadString(ref reader, name);
                    break;
                case "models":
                    file.Models = ReadList(ref reader, name, static (ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? null : ReadModel(ref r));
                    break;
                default:
                    throw Unknown(name, "$");
            }
        }

        return file;
    }

    private static CatalogModelDto ReadModel(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "models[]");
        var model = new CatalogModelDto();
        while (NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "provider":
                    model.Provider = ReadString(ref reader, name);
                    break;
                case "id":
                    model.Id = ReadString(ref reader, name);
                    break;
                case "tier":
                    model.Tier = ReadString(ref reader, name);
                    break;
                case "contextWindow":
                    model.ContextWindow = ReadInt32(ref reader, name);
                    break;
                case "maxOutputTokens":
                    model.MaxOutputTokens = ReadInt32(ref reader, name);
                    break;
                case "pricing":
                    model.Pricing = reader.TokenType == JsonTokenType.Null ? null : ReadPricing(ref reader);
                    break;
                case "capabilities":
                    model.Capabilities = ReadList(ref reader, name, static (ref Utf8JsonReader r) => ReadString(ref r, "capabilities[]"));
                    break;
                case "aliases":
                    model.Aliases = ReadList(ref reader, name, static (ref Utf8JsonReader r) => ReadString(ref r, "aliases[]"));
                    break;
                case "deprecationDate":
                    model.DeprecationDate = ReadString(ref reader, name);
                    break;
                default:
                    throw Unknown(name, "models[]");
            }
        }

        return model;
    }

    private static CatalogPricingDto ReadPricing(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "pricing");
        var pricing = new CatalogPricingDto();
        while (NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "input":
                    pricing.Input = ReadDecimal(ref reader, name) ?? throw WrongType(name, reader.TokenType);
                    break;
                case "output":
                    pricing.Output = ReadDecimal(ref reader, name) ?? throw WrongType(name, reader.TokenType);
                    break;
                case "cachedInput":
                    pricing.CachedInput = ReadDecimal(ref reader, name);
                    break;
                case "cacheWrite":
                    pricing.CacheWrite = ReadDecimal(ref reader, name);
                    break;
                default:
                    throw Unknown(name, "pricing");
            }
        }

        return pricing;
    }

    // Moves to the next property's value; false at the end of the object.
    private static bool NextProperty(ref Utf8JsonReader reader, out string name)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            name = string.Empty;
            return false;
        }

        name = reader.GetString()!;
        reader.Read();
        return true;
    }

    private delegate T ReadItem<T>(ref Utf8JsonReader reader);

    private static List<T>? ReadList<T>(ref Utf8JsonReader reader, string name, ReadItem<T> item)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartArray, name);
        var list = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(item(ref reader));
        }

        return list;
    }

    private static string? ReadString(ref Utf8JsonReader reader, string name) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        var other => throw WrongType(name, other),
    };

    private static int ReadInt32(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : throw WrongType(name, reader.TokenType);

    private static decimal? ReadDecimal(ref Utf8JsonReader reader, string name) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetDecimal(out var value) => value,
        JsonTokenType.Null => null,
        var other => throw WrongType(name, other),
    };

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string name)
    {
        if (reader.TokenType != expected)
        {
            throw WrongType(name, reader.TokenType);
        }
    }

    private static JsonException WrongType(string name, JsonTokenType found) => new($"'{name}' cannot be read from a JSON {found}.");

    private static JsonException Unknown(string name, string within) => new($"'{name}' is not a member of {within}.");
}
