namespace LlmRouter;

/// <summary>Implemented by providers that can list the models they serve at run time, such as a local Ollama server's <c>/api/tags</c>.</summary>
/// <remarks>The router asks local providers (<see cref="ILlmProvider.IsLocal"/>) on its first plan and then every few minutes, adds what it finds to
/// its catalog (models it already knows keep their facts), and carries on without them when discovery fails. Hosted providers may implement it
/// for tools such as the CLI; the router does not call them, as their listings cost a network call and carry no prices.</remarks>
public interface IModelDiscovery
{
    /// <summary>Lists the models the provider serves now.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The models, with <see cref="ModelDescriptor.Provider"/> set to the provider's name.</returns>
    ValueTask<IReadOnlyList<ModelDescriptor>> DiscoverModelsAsync(CancellationToken cancellationToken = default);
}
