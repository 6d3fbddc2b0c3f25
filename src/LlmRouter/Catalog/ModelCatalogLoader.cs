using System.Globalization;
using System.Text.Json;

namespace LlmRouter;

/// <summary>Reads and validates the curated catalog format (<c>models.json</c>).</summary>
/// <remarks>Any problem is reported as an <see cref="InvalidOperationException"/> naming the model and the field.</remarks>
internal static class ModelCatalogLoader
{
    /// <summary>The manifest name of the built-in catalog.</summary>
    public const string ResourceName = "LlmRouter.Catalog.models.json";

    /// <summary>Loads the built-in catalog from the assembly's embedded resource.</summary>
    /// <returns>The built-in catalog document.</returns>
    /// <exception cref="InvalidOperationException">The resource is missing or invalid.</exception>
    public static CatalogDocument LoadEmbedded()
    {
        using var stream = typeof(ModelCatalogLoader).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The built-in model catalog resource '{ResourceName}' is missing from {typeof(ModelCatalogLoader).Assembly.GetName().Name}.");
        return Load(stream, $"resource '{ResourceName}'");
    }

    /// <summary>Loads a catalog document in the <c>models.json</c> format.</summary>
    /// <param name="json">The JSON.</param>
    /// <param name="origin">Names the document in error messages.</param>
    /// <returns>The document.</returns>
    /// <exception cref="InvalidOperationException">The JSON is malformed or a model is invalid.</exception>
    public static CatalogDocument Load(Stream json, string origin = "stream")
    {
        ArgumentNullException.ThrowIfNull(json);

        CatalogFileDto? file;
        try
        {
            file = CatalogJsonReader.Read(json);
        }
        catch (JsonException ex)
        {
            throw Invalid(origin, $"it is not valid catalog JSON ({ex.Message})", ex);
        }

        if (file is null)
        {
            throw Invalid(origin, "the document is null");
        }

        if (!DateOnly.TryParseExact(file.PricesAsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var pricesAsOf))
        {
            throw Invalid(origin, $"'pricesAsOf' must be a yyyy-MM-dd date, not '{file.PricesAsOf}'");
        }

        if (string.IsNullOrWhiteSpace(file.Source))
        {
            throw Invalid(origin, "'source' is missing");
        }

        if (file.Models is null || file.Models.Count == 0)
        {
            throw Invalid(origin, "'models' is missing or empty");
        }

        var models = new List<ModelDescriptor>(file.Models.Count);
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var aliasOwners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < file.Models.Count; i++)
        {
            var model = ToDescriptor(file.Models[i], i, origin);
            if (!keys.Add(model.Key))
            {
                throw Invalid(origin, $"model '{model.Key}' is listed twice");
            }

            ids.Add(model.Id);
            foreach (var alias in model.Aliases)
            {
                if (!aliasOwners.TryAdd(alias, model.Key))
                {
                    throw Invalid(origin, $"alias '{alias}' of '{model.Key}' is already an alias of '{aliasOwners[alias]}'");
                }
            }

            models.Add(model);
        }

        foreach (var (alias, owner) in aliasOwners)
        {
            if (keys.Contains(alias) || ids.Contains(alias))
            {
                throw Invalid(origin, $"alias '{alias}' of '{owner}' is also a model key or id");
            }
        }

        return new CatalogDocument(pricesAsOf, file.Source.Trim(), models);
    }

    private static ModelDescriptor ToDescriptor(CatalogModelDto? dto, int index, string origin)
    {
        if (dto is null)
        {
            throw Invalid(origin, $"model #{index} is null");
        }

        var provider = dto.Provider?.Trim();
        var id = dto.Id?.Trim();
        if (string.IsNullOrEmpty(provider) || provider.Contains('/', StringComparison.Ordinal) || provider.Any(char.IsWhiteSpace))
        {
            throw Invalid(origin, $"model #{index} has a missing or malformed 'provider' ('{dto.Provider}')");
        }

        if (string.IsNullOrEmpty(id))
        {
            throw Invalid(origin, $"model #{index} of provider '{provider}' has no 'id'");
        }

        var name = $"{provider}/{id}";
        if (string.IsNullOrWhiteSpace(dto.Tier)
            || char.IsAsciiDigit(dto.Tier.Trim()[0])
            || !Enum.TryParse<ModelTier>(dto.Tier, ignoreCase: true, out var tier)
            || !Enum.IsDefined(tier))
        {
            throw Invalid(origin, $"model '{name}' has an unknown 'tier' '{dto.Tier}' (expected one of {string.Join(", ", Enum.GetNames<ModelTier>())})");
        }

        if (dto.ContextWindow < 0 || dto.MaxOutputTokens < 0)
        {
            throw Invalid(origin, $"model '{name}' has a negative 'contextWindow' or 'maxOutputTokens'");
        }

        var p = dto.Pricing ?? throw Invalid(origin, $"model '{name}' has no 'pricing'");
        if (p.Input < 0 || p.Output < 0 || p.CachedInput < 0 || p.CacheWrite < 0)
        {
            throw Invalid(origin, $"model '{name}' has a negative price");
        }

        var capabilities = ModelCapabilities.None;
        foreach (var text in dto.Capabilities ?? [])
        {
            if (string.IsNullOrWhiteSpace(text)
                || char.IsAsciiDigit(text.Trim()[0])
                || text.Contains(',', StringComparison.Ordinal)
                || !Enum.TryParse<ModelCapabilities>(text, ignoreCase: true, out var flag))
            {
                throw Invalid(origin, $"model '{name}' has an unknown capability '{text}' (expected one of {string.Join(", ", Enum.GetNames<ModelCapabilities>())})");
            }

            capabilities |= flag;
        }

        var aliases = new List<string>();
        foreach (var alias in dto.Aliases ?? [])
        {
            var trimmed = alias?.Trim();
            if (string.IsNullOrEmpty(trimmed))
            {
                throw Invalid(origin, $"model '{name}' has an empty alias");
            }

            if (!aliases.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
            {
                aliases.Add(trimmed);
            }
        }

        DateOnly? deprecationDate = null;
        if (dto.DeprecationDate is { } dateText)
        {
            if (!DateOnly.TryParseExact(dateText.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw Invalid(origin, $"model '{name}' has a 'deprecationDate' that is not a yyyy-MM-dd date ('{dateText}')");
            }

            deprecationDate = date;
        }

        return new ModelDescriptor(provider, id, tier)
        {
            DeprecationDate = deprecationDate,
            ContextWindow = dto.ContextWindow,
            MaxOutputTokens = dto.MaxOutputTokens,
            Pricing = new ModelPricing(p.Input, p.Output) { CachedInputPerMillion = p.CachedInput, CacheWritePerMillion = p.CacheWrite },
            Capabilities = capabilities,
            Aliases = aliases.AsReadOnly(),
        };
    }

    private static InvalidOperationException Invalid(string origin, string detail, Exception? inner = null) =>
        new($"The model catalog ({origin}) is invalid: {detail}.", inner);
}
