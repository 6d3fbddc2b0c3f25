using System.Globalization;
using System.Text.Json;

namespace LlmRouter;

/// <summary>Reads LiteLLM's <c>model_prices_and_context_window.json</c> into model descriptors.</summary>
/// <remarks>See <see cref="ModelCatalog.FromLiteLlmPriceMap"/> for the rules.</remarks>
internal static class LiteLlmPriceMapReader
{
    /// <summary>Blended USD per 1M tokens below which a model is <see cref="ModelTier.Fast"/>.</summary>
    public const decimal FastBelow = 0.5m;

    /// <summary>Blended USD per 1M tokens below which a model is <see cref="ModelTier.Balanced"/>.</summary>
    public const decimal BalancedBelow = 2.5m;

    /// <summary>Blended USD per 1M tokens below which a model is <see cref="ModelTier.Smart"/>; from here on it is <see cref="ModelTier.Frontier"/>.</summary>
    public const decimal SmartBelow = 8m;

    private const decimal PerMillion = 1_000_000m;

    private static readonly Dictionary<string, string> ProviderNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["azure"] = "azure-openai",
        ["together_ai"] = "together",
        ["fireworks_ai"] = "fireworks",
        ["fireworks_ai-embedding-models"] = "fireworks",
        ["bedrock_converse"] = "bedrock",
        ["bedrock_mantle"] = "bedrock",
        ["cohere_chat"] = "cohere",
        ["ollama_chat"] = "ollama",
        ["hosted_vllm"] = "vllm",
        ["lm_studio"] = "lmstudio",
        ["llama_cpp"] = "llamacpp",
    };

    private static readonly HashSet<string> SkippedProviders = new(StringComparer.OrdinalIgnoreCase)
    {
        "azure_text",
    };

    private static readonly HashSet<string> LocalProviders = new(StringComparer.OrdinalIgnoreCase)
    {
        "ollama", "vllm", "lmstudio", "llamacpp", "llamafile", "lemonade",
    };

    /// <summary>Reads the price map.</summary>
    /// <param name="json">The JSON document.</param>
    /// <returns>Its chat and embedding models, in document order, the first entry winning for a repeated key.</returns>
    /// <exception cref="InvalidDataException">The stream is not a JSON object.</exception>
    public static IReadOnlyList<ModelDescriptor> Read(Stream json)
    {
        ArgumentNullException.ThrowIfNull(json);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The LiteLLM price map is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"The LiteLLM price map must be a JSON object keyed by model name, not {document.RootElement.ValueKind}.");
            }

            var models = new List<ModelDescriptor>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (TryConvert(entry.Name, entry.Value) is { } model && seen.Add(model.Key))
                {
                    models.Add(model);
                }
            }

            return models;
        }
    }

    /// <summary>Maps a <c>litellm_provider</c> value to LlmRouter's provider name.</summary>
    /// <param name="liteLlmProvider">LiteLLM's provider name.</param>
    /// <returns>The provider name, or <see langword="null"/> for providers that are skipped.</returns>
    internal static string? MapProvider(string liteLlmProvider)
    {
        var name = liteLlmProvider.Trim();
        if (name.Length == 0
            || SkippedProviders.Contains(name)
            || name.StartsWith("text-completion-", StringComparison.OrdinalIgnoreCase)
            || name.Contains(' ', StringComparison.Ordinal))
        {
            return null;
        }

        if (name.Equals("vertex_ai", StringComparison.OrdinalIgnoreCase) || name.StartsWith("vertex_ai-", StringComparison.OrdinalIgnoreCase))
        {
            return "vertex-ai";
        }

        return ProviderNames.TryGetValue(name, out var mapped) ? mapped : name.ToLowerInvariant().Replace('_', '-');
    }

    /// <summary>Derives a tier from the provider and the prices.</summary>
    /// <param name="provider">LlmRouter's provider name.</param>
    /// <param name="pricing">The prices.</param>
    /// <returns>The tier.</returns>
    internal static ModelTier DeriveTier(string provider, ModelPricing pricing)
    {
        if (LocalProviders.Contains(provider) && pricing.InputPerMillion == 0m && pricing.OutputPerMillion == 0m)
        {
            return ModelTier.Local;
        }

        var blended = ((3m * pricing.InputPerMillion) + pricing.OutputPerMillion) / 4m;
        return blended switch
        {
            < FastBelow => ModelTier.Fast,
            < BalancedBelow => ModelTier.Balanced,
            < SmartBelow => ModelTier.Smart,
            _ => ModelTier.Frontier,
        };
    }

    private static ModelDescriptor? TryConvert(string key, JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object || key.Equals("sample_spec", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var mode = GetString(entry, "mode");
        var embedding = string.Equals(mode, "embedding", StringComparison.OrdinalIgnoreCase);
        if (!embedding && !string.Equals(mode, "chat", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var liteLlmProvider = GetString(entry, "litellm_provider");
        if (liteLlmProvider is null || MapProvider(liteLlmProvider) is not { } provider)
        {
            return null;
        }

        var id = StripProviderPrefix(key.Trim(), liteLlmProvider.Trim(), provider);
        if (id.Length == 0)
        {
            return null;
        }

        var input = GetPrice(entry, "input_cost_per_token");
        var output = GetPrice(entry, "output_cost_per_token");
        var local = LocalProviders.Contains(provider);
        if (input is null && output is null && !local)
        {
            // A hosted model without any price would look free to cost routing and budgets: leave it out.
            return null;
        }

        var pricing = new ModelPricing(input ?? 0m, output ?? 0m)
        {
            CachedInputPerMillion = GetPrice(entry, "cache_read_input_token_cost"),
            CacheWritePerMillion = GetPrice(entry, "cache_creation_input_token_cost"),
        };

        var maxTokens = GetInt(entry, "max_tokens");
        ModelCapabilities capabilities;
        if (embedding)
        {
            capabilities = ModelCapabilities.Embeddings;
        }
        else
        {
            capabilities = GetBool(entry, "supports_native_streaming") == false ? ModelCapabilities.None : ModelCapabilities.Streaming;
            capabilities |= Flag(entry, "supports_function_calling", ModelCapabilities.Tools);
            capabilities |= Flag(entry, "supports_vision", ModelCapabilities.Vision);
            capabilities |= Flag(entry, "supports_response_schema", ModelCapabilities.StructuredOutput);
            capabilities |= Flag(entry, "supports_reasoning", ModelCapabilities.Reasoning);
        }

        return new ModelDescriptor(provider, id, DeriveTier(provider, pricing))
        {
            ContextWindow = GetInt(entry, "max_input_tokens") ?? maxTokens ?? 0,
            MaxOutputTokens = embedding ? 0 : GetInt(entry, "max_output_tokens") ?? maxTokens ?? 0,
            Pricing = pricing,
            Capabilities = capabilities,
            DeprecationDate = GetDate(entry, "deprecation_date"),
        };
    }

    private static string StripProviderPrefix(string key, string liteLlmProvider, string provider)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return key;
        }

        var prefix = key[..slash];
        var dash = liteLlmProvider.IndexOf('-', StringComparison.Ordinal);
        var family = dash > 0 ? liteLlmProvider[..dash] : liteLlmProvider;
        return prefix.Equals(liteLlmProvider, StringComparison.OrdinalIgnoreCase)
            || prefix.Equals(family, StringComparison.OrdinalIgnoreCase)
            || prefix.Equals(provider, StringComparison.OrdinalIgnoreCase)
            ? key[(slash + 1)..].Trim()
            : key;
    }

    private static ModelCapabilities Flag(JsonElement entry, string name, ModelCapabilities flag) =>
        GetBool(entry, name) == true ? flag : ModelCapabilities.None;

    private static string? GetString(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool? GetBool(JsonElement entry, string name)
    {
        if (!entry.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
            JsonValueKind.Number when value.TryGetInt32(out var number) => number != 0,
            _ => null,
        };
    }

    /// <summary>Reads a <c>yyyy-MM-dd</c> date; missing, null or unreadable values are <see langword="null"/>.</summary>
    private static DateOnly? GetDate(JsonElement entry, string name) =>
        GetString(entry, name) is { } text
        && DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    /// <summary>Reads a USD-per-token price as USD per 1M tokens; missing, null, negative or unreadable values are <see langword="null"/>.</summary>
    private static decimal? GetPrice(JsonElement entry, string name)
    {
        var perToken = GetDecimal(entry, name);
        if (perToken is not { } value || value < 0m)
        {
            return null;
        }

        try
        {
            // Dividing by 1.000… drops the trailing zeros the multiplication leaves (0.15000000 → 0.15).
            return value * PerMillion / 1.000000000000000000000000000m;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static decimal? GetDecimal(JsonElement entry, string name)
    {
        if (!entry.TryGetProperty(name, out var value))
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                if (value.TryGetDecimal(out var number))
                {
                    return number;
                }

                return value.TryGetDouble(out var d) && double.IsFinite(d) && Math.Abs(d) < 1e20 ? (decimal)d : null;
            case JsonValueKind.String:
                return decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            default:
                return null;
        }
    }

    /// <summary>Reads a token count; fractions are truncated, values are clamped to 0..<see cref="int.MaxValue"/>.</summary>
    private static int? GetInt(JsonElement entry, string name)
    {
        if (GetDecimal(entry, name) is not { } value || value < 0m)
        {
            return null;
        }

        return value >= int.MaxValue ? int.MaxValue : (int)decimal.Truncate(value);
    }
}
