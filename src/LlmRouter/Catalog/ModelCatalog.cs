using System.Diagnostics.CodeAnalysis;

namespace LlmRouter;

/// <summary>The models LlmRouter knows: their providers, tiers, limits, prices, capabilities and aliases.</summary>
/// <remarks>
/// <para>Immutable and thread-safe; <see cref="WithModels"/> returns a new catalog. Lookups are O(1): the name
/// dictionaries are built once, in the constructor.</para>
/// <para>A name resolves, ignoring case and surrounding white space, in this order:</para>
/// <list type="number">
/// <item><description>a key, <c>provider/id</c> (<c>anthropic/claude-sonnet-4-6</c>);</description></item>
/// <item><description>an alias (<c>claude-sonnet</c>, <c>fast</c>); an alias belongs to one model only;</description></item>
/// <item><description>a bare id (<c>gpt-4o</c>); when several providers serve the same id, the first model in catalog order wins
/// (in <see cref="Default"/>, model makers' own APIs are listed before hosts and gateways, hosted models before local ones).</description></item>
/// </list>
/// <para>Resolving ignores a model's lifecycle: a model past its <see cref="ModelDescriptor.DeprecationDate"/> resolves like any
/// other. The router serves it when it is asked for by name, but its routing strategies never choose it.</para>
/// </remarks>
public sealed class ModelCatalog
{
    private static readonly Lazy<ModelCatalog> LazyDefault = new(
        () => new ModelCatalog(ModelCatalogLoader.LoadEmbedded().Models),
        LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, ModelDescriptor> _byKey;
    private readonly Dictionary<string, ModelDescriptor> _byAlias;
    private readonly Dictionary<string, ModelDescriptor> _byId;

    /// <summary>Initializes a new instance of the <see cref="ModelCatalog"/> class.</summary>
    /// <param name="models">
    /// The models. A later model with the same key (ignoring case) replaces an earlier one and keeps its place in the order;
    /// when two models claim the same alias, the later one in <paramref name="models"/> gets it.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="models"/> or one of its items is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A model has an empty provider or id.</exception>
    public ModelCatalog(IEnumerable<ModelDescriptor> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var input = models.ToList();
        var byKey = new Dictionary<string, ModelDescriptor>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        foreach (var m in input)
        {
            if (m is null)
            {
                throw new ArgumentNullException(nameof(models), "The models must not contain null.");
            }

            if (string.IsNullOrWhiteSpace(m.Provider) || string.IsNullOrWhiteSpace(m.Id))
            {
                throw new ArgumentException($"Every model needs a provider and an id; got '{m.Provider}/{m.Id}'.", nameof(models));
            }

            if (!byKey.ContainsKey(m.Key))
            {
                order.Add(m.Key);
            }

            byKey[m.Key] = m;
        }

        Models = order.Select(k => byKey[k]).ToArray();

        // Aliases are assigned in input order, so a later (overriding) model takes an alias from an earlier one.
        var byAlias = new Dictionary<string, ModelDescriptor>(StringComparer.OrdinalIgnoreCase);
        foreach (var m in input)
        {
            if (!ReferenceEquals(byKey[m.Key], m))
            {
                continue;
            }

            foreach (var alias in m.Aliases ?? [])
            {
                if (!string.IsNullOrWhiteSpace(alias))
                {
                    byAlias[alias.Trim()] = m;
                }
            }
        }

        var byId = new Dictionary<string, ModelDescriptor>(StringComparer.OrdinalIgnoreCase);
        foreach (var m in Models)
        {
            byId.TryAdd(m.Id, m);
        }

        // Plain dictionaries, never written after this: frozen ones would look up a few nanoseconds faster but take about 5 ms
        // to build on a process's first catalog, which is most of the start-up budget of `llmrouter models list`.
        _byKey = byKey;
        _byAlias = byAlias;
        _byId = byId;
    }

    /// <summary>Gets the built-in catalog, loaded once (thread-safe, on first use) from the embedded <c>models.json</c>.</summary>
    /// <remarks>Its prices come from LiteLLM's public price map as of the date recorded in the file (<c>pricesAsOf</c>).</remarks>
    /// <exception cref="InvalidOperationException">The embedded catalog is missing or invalid (a build defect).</exception>
    public static ModelCatalog Default => LazyDefault.Value;

    /// <summary>Gets every model, in catalog order.</summary>
    public IReadOnlyList<ModelDescriptor> Models { get; }

    /// <summary>Finds a model by key (<c>provider/id</c>), alias or id, ignoring case.</summary>
    /// <param name="keyIdOrAlias">The name to look up.</param>
    /// <param name="model">The model found, or <see langword="null"/> when none is.</param>
    /// <returns><see langword="true"/> when found; <see langword="false"/> for an unknown, <see langword="null"/> or blank name.</returns>
    public bool TryResolve(string keyIdOrAlias, [MaybeNullWhen(false)] out ModelDescriptor model)
    {
        if (string.IsNullOrWhiteSpace(keyIdOrAlias))
        {
            model = null;
            return false;
        }

        var name = keyIdOrAlias.Trim();
        return _byKey.TryGetValue(name, out model)
            || _byAlias.TryGetValue(name, out model)
            || _byId.TryGetValue(name, out model);
    }

    /// <summary>Finds a model by key (<c>provider/id</c>), alias or id, ignoring case.</summary>
    /// <param name="keyIdOrAlias">The name to look up.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentException"><paramref name="keyIdOrAlias"/> is <see langword="null"/>, empty or white space.</exception>
    /// <exception cref="LlmException">
    /// Kind <see cref="LlmErrorKind.ModelNotFound"/>, with <see cref="LlmException.Model"/> set, when the name is unknown;
    /// the message names up to three close matches.
    /// </exception>
    public ModelDescriptor Resolve(string keyIdOrAlias)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyIdOrAlias);
        if (TryResolve(keyIdOrAlias, out var model))
        {
            return model;
        }

        var suggestions = ModelNameSuggester.Suggest(keyIdOrAlias, Models);
        var hint = suggestions.Count > 0
            ? $" Did you mean {string.Join(", ", suggestions.Select(s => $"'{s}'"))}?"
            : $" No similar name is among the catalog's {Models.Count} models; use a key such as 'provider/model-id' or add the model with WithModels.";
        throw new LlmException(LlmErrorKind.ModelNotFound, $"Unknown model or alias '{keyIdOrAlias.Trim()}'.{hint}")
        {
            Model = keyIdOrAlias,
        };
    }

    /// <summary>Returns a new catalog with the given models added, replacing models of the same key; this catalog is unchanged.</summary>
    /// <param name="models">The models to add or override. An overriding model keeps the original's place in the order.</param>
    /// <returns>A new catalog.</returns>
    /// <remarks>
    /// The overridden model's aliases go with it; the new models' aliases take precedence over any existing model's
    /// alias of the same name.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="models"/> or one of its items is <see langword="null"/>.</exception>
    public ModelCatalog WithModels(IEnumerable<ModelDescriptor> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        return new ModelCatalog(Models.Concat(models));
    }

    /// <summary>Imports LiteLLM's <c>model_prices_and_context_window.json</c> (its public price and context-window map).</summary>
    /// <param name="json">The JSON document; read to its end, not disposed.</param>
    /// <returns>A catalog of the map's chat and embedding models, in document order, without aliases.</returns>
    /// <remarks>
    /// <list type="bullet">
    /// <item><description>Skipped: <c>sample_spec</c>; entries whose <c>mode</c> is neither <c>chat</c> nor <c>embedding</c>
    /// (or missing); entries without a <c>litellm_provider</c>; providers <c>text-completion-*</c> and <c>azure_text</c>;
    /// hosted (non-local) entries with neither an input nor an output price, which would otherwise look free.</description></item>
    /// <item><description>Provider: <c>litellm_provider</c> mapped to LlmRouter's names: <c>azure</c>→<c>azure-openai</c>,
    /// <c>together_ai</c>→<c>together</c>, <c>fireworks_ai*</c>→<c>fireworks</c>, <c>bedrock_converse</c>/<c>bedrock_mantle</c>→<c>bedrock</c>,
    /// <c>cohere_chat</c>→<c>cohere</c>, <c>vertex_ai*</c>→<c>vertex-ai</c>, <c>hosted_vllm</c>→<c>vllm</c>, <c>lm_studio</c>→<c>lmstudio</c>;
    /// any other name is lower-cased with <c>_</c> replaced by <c>-</c> (<c>nvidia_nim</c>→<c>nvidia-nim</c>).</description></item>
    /// <item><description>Id: the key without its leading <c>provider/</c> segment (<c>groq/llama3-8b-8192</c>→<c>llama3-8b-8192</c>).
    /// When two keys give the same <c>provider/id</c>, the first in the document wins.</description></item>
    /// <item><description>Prices: <c>*_cost_per_token</c> × 1,000,000 (USD per 1M tokens); cache reads from
    /// <c>cache_read_input_token_cost</c>, cache writes from <c>cache_creation_input_token_cost</c>. Missing prices are 0.</description></item>
    /// <item><description>Limits: context window = <c>max_input_tokens</c>, else <c>max_tokens</c>; max output = <c>max_output_tokens</c>,
    /// else <c>max_tokens</c> (0 for embedding models); 0 where unknown.</description></item>
    /// <item><description>Capabilities: chat models stream (unless <c>supports_native_streaming</c> is false); <c>supports_function_calling</c>,
    /// <c>supports_vision</c>, <c>supports_response_schema</c> and <c>supports_reasoning</c> give Tools, Vision, StructuredOutput and Reasoning;
    /// embedding models have Embeddings only.</description></item>
    /// <item><description>Tier: a free model of a local provider (<c>ollama</c>, <c>vllm</c>, <c>lmstudio</c>, <c>llamacpp</c>, <c>llamafile</c>,
    /// <c>lemonade</c>) is <see cref="ModelTier.Local"/>; otherwise from the blended price (3 input : 1 output, USD per 1M):
    /// below 0.50 <see cref="ModelTier.Fast"/>, below 2.50 <see cref="ModelTier.Balanced"/>, below 8.00 <see cref="ModelTier.Smart"/>,
    /// else <see cref="ModelTier.Frontier"/>. Price is only a proxy for capability; curate tiers with <see cref="WithModels"/> where it matters.</description></item>
    /// <item><description>Lifecycle: <c>deprecation_date</c> (<c>yyyy-MM-dd</c>) gives <see cref="ModelDescriptor.DeprecationDate"/>;
    /// missing or unreadable dates leave it <see langword="null"/>.</description></item>
    /// <item><description>Tolerant of odd values: numbers given as strings, booleans as strings, token counts as floats, nulls and
    /// unknown fields are accepted; unreadable or negative values count as missing.</description></item>
    /// </list>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">The stream is not valid JSON, or its root is not an object.</exception>
    public static ModelCatalog FromLiteLlmPriceMap(Stream json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new ModelCatalog(LiteLlmPriceMapReader.Read(json));
    }
}
