using LlmRouter.Gemini.Http;
using LlmRouter.Gemini.Mapping;
using LlmRouter.Gemini.Wire;
using Microsoft.Extensions.AI;

namespace LlmRouter.Gemini.Embeddings;

/// <summary>An embedding generator over Gemini's <c>embedContent</c> (one input) and <c>batchEmbedContents</c> (several, 100 a call).</summary>
internal sealed class GeminiEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The most requests Gemini takes in one <c>batchEmbedContents</c> call.</summary>
    internal const int MaxBatchSize = 100;

    private readonly GeminiApi _api;
    private readonly string _modelId;
    private readonly EmbeddingGeneratorMetadata _metadata;

    public GeminiEmbeddingGenerator(GeminiApi api, string modelId)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        _api = api;
        _modelId = modelId;
        _metadata = new EmbeddingGeneratorMetadata(GeminiProvider.ProviderName, api.BaseAddress, modelId);
    }

    /// <inheritdoc/>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inputs = values.ToList();
        var model = string.IsNullOrWhiteSpace(options?.ModelId) ? _modelId : options.ModelId;
        var result = new GeneratedEmbeddings<Embedding<float>>(inputs.Count);
        if (inputs.Count == 1)
        {
            var single = await _api.SendAsync(
                HttpMethod.Post,
                GeminiApi.ModelPath(model, "embedContent"),
                GeminiApi.Serialize(GeminiMapper.ToEmbedRequest(inputs[0], model, options), GeminiJsonContext.Default.GeminiEmbedContentRequest),
                GeminiJsonContext.Default.GeminiEmbedContentResponse,
                model,
                cancellationToken).ConfigureAwait(false);
            result.Add(GeminiMapper.ToEmbedding(single.Embedding, model, _api.TimeProvider.GetUtcNow()));
            return result;
        }

        foreach (var batch in inputs.Chunk(MaxBatchSize))
        {
            var request = new GeminiBatchEmbedContentsRequest { Requests = [.. batch.Select(text => GeminiMapper.ToEmbedRequest(text, model, options))] };
            var response = await _api.SendAsync(
                HttpMethod.Post,
                GeminiApi.ModelPath(model, "batchEmbedContents"),
                GeminiApi.Serialize(request, GeminiJsonContext.Default.GeminiBatchEmbedContentsRequest),
                GeminiJsonContext.Default.GeminiBatchEmbedContentsResponse,
                model,
                cancellationToken).ConfigureAwait(false);
            if (response.Embeddings is not { } embeddings || embeddings.Count != batch.Length)
            {
                throw GeminiMapper.Malformed($"batch embedding response ({response.Embeddings?.Count ?? 0} embeddings for {batch.Length} inputs)", model);
            }

            var now = _api.TimeProvider.GetUtcNow();
            result.AddRange(embeddings.Select(e => GeminiMapper.ToEmbedding(e, model, now)));
        }

        return result;
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // The provider owns the HttpClient.
    }
}
