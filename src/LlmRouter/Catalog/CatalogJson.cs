namespace LlmRouter;

/// <summary>The shape of the built-in catalog file, <c>models.json</c>.</summary>
internal sealed class CatalogFileDto
{
    public string? PricesAsOf { get; set; }

    public string? Source { get; set; }

    public List<CatalogModelDto?>? Models { get; set; }
}

/// <summary>One model of <c>models.json</c>.</summary>
internal sealed class CatalogModelDto
{
    public string? Provider { get; set; }

    public string? Id { get; set; }

    public string? Tier { get; set; }

    public int ContextWindow { get; set; }

    public int MaxOutputTokens { get; set; }

    public CatalogPricingDto? Pricing { get; set; }

    public List<string?>? Capabilities { get; set; }

    public List<string?>? Aliases { get; set; }

    /// <summary>The day the provider retires the model, <c>yyyy-MM-dd</c>; absent or null when none is announced.</summary>
    public string? DeprecationDate { get; set; }
}

/// <summary>A model's prices in <c>models.json</c>, USD per 1M tokens.</summary>
internal sealed class CatalogPricingDto
{
    public decimal Input { get; set; }

    public decimal Output { get; set; }

    public decimal? CachedInput { get; set; }

    public decimal? CacheWrite { get; set; }
}
