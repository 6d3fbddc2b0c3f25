namespace LlmRouter;

/// <summary>Implemented by providers that can list the models they serve at run time, such as a local Ollama server's <c>/api/tags</c>.</summary>
/// <remarks>The router asks on its first plan and then every few minutes, adds what it finds to its catalog (models it already knows keep their facts),
/// and carries on without them when discovery fails.</remarks>
public interface IModelDiscovery
{
    /// <summary>Lists the models the provider serves now.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The models, with <see cref="ModelDescriptor.Provider"/> set to the provider's name.</returns>
    ValueTask<IReadOnlyList<ModelDescriptor>> DiscoverModelsAsync(CancellationToken cancellationToken = default);
}
