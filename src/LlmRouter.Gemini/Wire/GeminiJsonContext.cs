using System.Text.Json.Serialization;

namespace LlmRouter.Gemini.Wire;

/// <summary>Source-generated serialization for the Gemini wire types: camelCase names, nulls left out, no reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(GeminiGenerateContentRequest))]
[JsonSerializable(typeof(GeminiGenerateContentResponse))]
[JsonSerializable(typeof(GeminiErrorResponse))]
[JsonSerializable(typeof(GeminiEmbedContentRequest))]
[JsonSerializable(typeof(GeminiEmbedContentResponse))]
[JsonSerializable(typeof(GeminiBatchEmbedContentsRequest))]
[JsonSerializable(typeof(GeminiBatchEmbedContentsResponse))]
[JsonSerializable(typeof(GeminiListModelsResponse))]
internal sealed partial class GeminiJsonContext : JsonSerializerContext;
