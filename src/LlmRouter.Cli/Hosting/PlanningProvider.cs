using Microsoft.Extensions.AI;

namespace LlmRouter.Cli.Hosting;

/// <summary>
/// Stands in for a provider that is not configured so that <c>route --explain</c> can plan over the whole catalog as if every
/// provider were: it takes part in planning and can never send anything.
/// </summary>
/// <param name="name">The provider's name, as in the catalog.</param>
/// <param name="isLocal">Whether the provider's models run locally.</param>
internal sealed class PlanningProvider(string name, bool isLocal) : ILlmProvider
{
    /// <inheritdoc/>
    public string Name { get; } = name;

    /// <inheritdoc/>
    public bool IsLocal { get; } = isLocal;

    /// <summary>Creates one stand-in per provider named in the catalog.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <returns>The stand-ins, ordered by name.</returns>
    public static IReadOnlyList<PlanningProvider> ForCatalog(ModelCatalog catalog) =>
        [.. catalog.Models
            .GroupBy(m => m.Provider, StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PlanningProvider(g.Key, g.All(m => m.Tier == ModelTier.Local)))];

    /// <inheritdoc/>
    public IChatClient GetChatClient(string modelId) =>
        throw new InvalidOperationException($"'{Name}' is a planning stand-in: it explains routes and sends nothing.");

    /// <inheritdoc/>
    public IEmbeddingGenerator<string, Embedding<float>> GetEmbeddingGenerator(string modelId) =>
        throw new NotSupportedException($"'{Name}' is a planning stand-in: it explains routes and sends nothing.");

    /// <inheritdoc/>
    public ValueTask<ProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new ProviderHealth(true, "planning stand-in"));
}
