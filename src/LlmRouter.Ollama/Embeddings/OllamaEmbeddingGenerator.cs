using Microsoft.Extensions.AI;

namespace LlmRouter.Ollama;

/// <summary>Wraps OllamaSharp's embedding generator (<c>POST /api/embed</c>) for one model: pins the model and maps failures to <see cref="LlmException"/>.</summary>
internal sealed class OllamaEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly Uri _endpoint;
    private readonly string _model;
    private readonly string?[] _secrets;

    public OllamaEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, Uri endpoint, string model, string? apiKey)
        : base(inner)
    {
        _endpoint = endpoint;
        _model = model;
        _secrets = [apiKey];
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
            throw ProviderSettings.WithoutSecrets(OllamaMapper.ToLlmException(ex, _endpoint, _model), _secrets);
        }
    }
}
