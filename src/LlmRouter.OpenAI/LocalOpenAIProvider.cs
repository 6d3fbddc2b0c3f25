namespace LlmRouter.OpenAI;

/// <summary>
/// An OpenAI-compatible server on the user's machine (vLLM, LM Studio, llama.cpp): configured without a key, and lists its models
/// (<c>GET {endpoint}/models</c>) for the catalog as free <see cref="ModelTier.Local"/> models.
/// </summary>
internal sealed class LocalOpenAIProvider : OpenAIProvider, IModelDiscovery
{
    public LocalOpenAIProvider(OpenAIPreset preset, OpenAIProviderOptions options, TimeProvider? timeProvider = null)
        : base(preset, options, timeProvider)
    {
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ModelDescriptor>> DiscoverModelsAsync(CancellationToken cancellationToken = default)
    {
        if (!IsConfigured)
        {
            return [];
        }

        var models = await ListModelsAsync(cancellationToken).ConfigureAwait(false);
        return models.Select(m => Describe(Name, m.Id, m.ContextWindow)).ToArray();
    }

    /// <summary>Describes a served model: free, local, chat with streaming, tools and structured output, or embeddings when its id says so.</summary>
    /// <param name="provider">The provider's name.</param>
    /// <param name="id">The model id the server reported.</param>
    /// <param name="contextWindow">The context window the server reported, or 0.</param>
    /// <returns>The descriptor.</returns>
    internal static ModelDescriptor Describe(string provider, string id, int contextWindow) =>
        new(provider, id, ModelTier.Local)
        {
            ContextWindow = contextWindow,
            Pricing = ModelPricing.Free,
            Capabilities = id.Contains("embed", StringComparison.OrdinalIgnoreCase)
                ? ModelCapabilities.Embeddings
                : ModelCapabilities.Streaming | ModelCapabilities.Tools | ModelCapabilities.StructuredOutput,
        };
}
