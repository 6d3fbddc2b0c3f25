namespace LlmRouter;

/// <summary>A loaded catalog file: the models and where and when their prices were taken.</summary>
/// <param name="PricesAsOf">The date the prices were taken.</param>
/// <param name="Source">Where the facts come from.</param>
/// <param name="Models">The models, in file order.</param>
internal sealed record CatalogDocument(DateOnly PricesAsOf, string Source, IReadOnlyList<ModelDescriptor> Models);
