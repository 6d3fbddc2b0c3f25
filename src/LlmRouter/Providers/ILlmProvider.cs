using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>A source of chat clients for one LLM provider (OpenAI, Anthropic, a local Ollama, …).</summary>
public interface ILlmProvider
{
    /// <summary>Gets the provider's stable name, matching <see cref="ModelDescriptor.Provider"/>: <c>openai</c>, <c>anthropic</c>, <c>ollama</c>, …</summary>
    string Name { get; }

    /// <summary>Gets a value indicating whether the provider runs on the host's own hardware.</summary>
    bool IsLocal { get; }

    /// <summary>Gets a value indicating whether the provider has what it needs (an API key, an endpoint) to take traffic.</summary>
    /// <value>Defaults to <see langword="true"/>. An unconfigured provider never receives traffic.</value>
    bool IsConfigured => true;

    /// <summary>Gets why the provider is not configured, for <c>llmrouter providers</c> and error messages; never contains a secret.</summary>
    string? NotConfiguredReason => null;

    /// <summary>Tells whether the provider can serve a model its name is on, so that plans hold only models their provider serves.</summary>
    /// <param name="model">A model whose <see cref="ModelDescriptor.Provider"/> is this provider's <see cref="Name"/>.</param>
    /// <returns><see langword="true"/> (the default) when <see cref="GetChatClient"/> can serve the model; <see langword="false"/> for a
    /// model the catalog lists under the provider's name that this package cannot call.</returns>
    bool Supports(ModelDescriptor model) => true;

    /// <summary>Gets a chat client for one of the provider's models.</summary>
    /// <param name="modelId">The provider's model id (<see cref="ModelDescriptor.Id"/>).</param>
    /// <returns>A chat client; the router caches it per model.</returns>
    IChatClient GetChatClient(string modelId);

    /// <summary>Gets an embedding generator for one of the provider's models.</summary>
    /// <param name="modelId">The provider's embedding model id.</param>
    /// <returns>An embedding generator.</returns>
    /// <exception cref="NotSupportedException">The provider's API has no embeddings.</exception>
    IEmbeddingGenerator<string, Embedding<float>> GetEmbeddingGenerator(string modelId);

    /// <summary>Checks whether the provider answers.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The provider's health.</returns>
    ValueTask<ProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default);
}
