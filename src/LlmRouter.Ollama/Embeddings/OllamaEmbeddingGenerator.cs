using Microsoft.Extensions.AI;

namespace LlmRouter.Ollama;

/// <summary>Wraps OllamaSharp's embedding generator (<c>POST /api/embed</c>) for one model: pins the model and maps failures to <see cref="LlmException"/>.</summary>
internal sealed class OllamaEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly Uri _endpoint;
    private readonly string _model;

    public OllamaEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, Uri endpoint, string model)
        : base(inner)
    {
        _endpoint = endpoint;
        _model = model;
    }

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var routeOptions = options?.Clone() ?? new EmbeddingGenerationOptions();
        routeOptions.ModelId = _model;
        try
        {
            return await base.GenerateAsync(values, routeOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw OllamaMapper.ToLlmException(ex, _endpoint, _model);
        }
    }
}
