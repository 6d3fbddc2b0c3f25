using LlmRouter.Gemini.Wire;
using Microsoft.Extensions.AI;

namespace LlmRouter.Gemini.Mapping;

/// <summary>Maps between Microsoft.Extensions.AI types and the Gemini wire types. This part: embeddings and the model listing.</summary>
internal static partial class GeminiMapper
{
    /// <summary>The <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> key for Gemini's <c>taskType</c> (<c>RETRIEVAL_QUERY</c>, <c>RETRIEVAL_DOCUMENT</c>, …).</summary>
    public const string TaskTypeProperty = "taskType";

    /// <summary>Builds one <c>embedContent</c> request.</summary>
    /// <param name="text">The text to embed.</param>
    /// <param name="modelId">The embedding model.</param>
    /// <param name="options">The options: <see cref="EmbeddingGenerationOptions.Dimensions"/> becomes <c>outputDimensionality</c>.</param>
    /// <returns>The request.</returns>
    public static GeminiEmbedContentRequest ToEmbedRequest(string text, string modelId, EmbeddingGenerationOptions? options)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new GeminiEmbedContentRequest
        {
            Model = modelId.StartsWith("models/", StringComparison.Ordinal) ? modelId : $"models/{modelId}",
            Content = new GeminiContent { Parts = [new GeminiPart { Text = text }] },
            OutputDimensionality = options?.Dimensions,
            TaskType = options?.AdditionalProperties?.TryGetValue(TaskTypeProperty, out var taskType) == true ? taskType?.ToString() : null,
        };
    }

    /// <summary>Maps an embedding vector.</summary>
    /// <param name="embedding">The wire embedding.</param>
    /// <param name="modelId">The model.</param>
    /// <param name="createdAt">When it was made.</param>
    /// <returns>The embedding.</returns>
    public static Embedding<float> ToEmbedding(GeminiContentEmbedding? embedding, string modelId, DateTimeOffset createdAt) =>
        embedding?.Values is { Length: > 0 } values
            ? new Embedding<float>(values) { ModelId = modelId, CreatedAt = createdAt }
            : throw GeminiMapper.Malformed("embedding (it has no values)", modelId);

    /// <summary>
    /// Maps the <c>GET models</c> listing to descriptors: only listed models that can chat (<c>generateContent</c>) or embed (<c>embedContent</c>).
    /// Models the catalog knows keep the catalog's facts; others get the listing's limits, tier Balanced, no price (0) and only the
    /// capabilities the listing shows (streaming, reasoning when <c>thinking</c>, embeddings).
    /// </summary>
    /// <param name="models">The listed models.</param>
    /// <param name="catalog">The catalog to take known models' facts from.</param>
    /// <returns>The descriptors, without duplicates.</returns>
    public static IReadOnlyList<ModelDescriptor> ToModelDescriptors(IEnumerable<GeminiModelInfo?> models, ModelCatalog catalog)
    {
        var result = new List<ModelDescriptor>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in models)
        {
            if (model?.Name is not { Length: > 0 } name)
            {
                continue;
            }

            var id = name.StartsWith("models/", StringComparison.Ordinal) ? name["models/".Length..] : name;
            var methods = model.SupportedGenerationMethods ?? [];
            var chats = methods.Contains("generateContent", StringComparer.Ordinal);
            var embeds = methods.Contains("embedContent", StringComparer.Ordinal);
            if ((!chats && !embeds) || !seen.Add(id))
            {
                continue;
            }

            if (catalog.Models.FirstOrDefault(m => m.Provider == GeminiProvider.ProviderName && string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase)) is { } known)
            {
                result.Add(known);
                continue;
            }

            var capabilities = ModelCapabilities.None;
            if (chats)
            {
                capabilities |= ModelCapabilities.Streaming;
            }

            if (model.Thinking == true)
            {
                capabilities |= ModelCapabilities.Reasoning;
            }

            if (embeds)
            {
                capabilities |= ModelCapabilities.Embeddings;
            }

            result.Add(new ModelDescriptor(GeminiProvider.ProviderName, id, chats ? ModelTier.Balanced : ModelTier.Fast)
            {
                ContextWindow = model.InputTokenLimit ?? 0,
                MaxOutputTokens = chats ? model.OutputTokenLimit ?? 0 : 0,
                Pricing = ModelPricing.Free,
                Capabilities = capabilities,
            });
        }

        return result;
    }
}
