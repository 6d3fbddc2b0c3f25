using Microsoft.Extensions.AI;

namespace LlmRouter.OpenAI;

/// <summary>Wraps the Microsoft.Extensions.AI OpenAI embedding generator so that every failure becomes an <see cref="LlmException"/>.</summary>
internal sealed class OpenAIEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly OpenAIErrorMapper _mapper;
    private readonly string _modelId;

    public OpenAIEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, OpenAIErrorMapper mapper, string modelId)
        : base(inner)
    {
        _mapper = mapper;
        _modelId = modelId;
    }

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GenerateAsync(values, options, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not LlmException && !OpenAIErrorMapper.IsCallerError(ex))
        {
            throw _mapper.Map(ex, _modelId);
        }
    }
}
