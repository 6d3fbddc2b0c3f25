using System.Text;
using System.Text.Json;

namespace LlmRouter.Tests.Catalog;

public sealed class LiteLlmPriceMapTests
{
    private const string Sample = """
        {
          "sample_spec": { "litellm_provider": "one of https://docs.litellm.ai/docs/providers", "mode": "chat", "max_input_tokens": "max input tokens", "input_cost_per_token": 0.0 },
          "gpt-4o-mini": { "litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1.5e-07, "output_cost_per_token": 6e-07,
                           "cache_read_input_token_cost": 7.5e-08, "max_input_tokens": 128000, "max_output_tokens": 16384, "max_tokens": 16384,
                           "supports_function_calling": true, "supports_vision": true, "supports_response_schema": true },
          "claude-sonnet-4-6": { "litellm_provider": "anthropic", "mode": "chat", "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05,
                                 "cache_read_input_token_cost": 3e-07, "cache_creation_input_token_cost": 3.75e-06,
                                 "max_input_tokens": 1000000, "max_output_tokens": 64000, "supports_reasoning": true, "supports_function_calling": true },
          "groq/llama3-8b-8192": { "litellm_provider": "groq", "mode": "chat", "input_cost_per_token": "5e-08", "output_cost_per_token": "8e-08",
                                   "max_tokens": 8192, "supports_function_calling": "true" },
          "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo": { "litellm_provider": "together_ai", "mode": "chat", "input_cost_per_token": 8.8e-07, "output_cost_per_token": 8.8e-07, "max_input_tokens": null },
          "fireworks_ai/accounts/fireworks/models/deepseek-v3p1": { "litellm_provider": "fireworks_ai", "mode": "chat", "input_cost_per_token": 5.6e-07, "output_cost_per_token": 1.68e-06, "max_input_tokens": 128000.0 },
          "azure/gpt-4o": { "litellm_provider": "azure", "mode": "chat", "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "deprecation_date": "soon" },
          "command-r": { "litellm_provider": "cohere_chat", "mode": "chat", "input_cost_per_token": 1.5e-07, "output_cost_per_token": 6e-07, "deprecation_date": null },
          "vertex_ai/claude-opus-4-6": { "litellm_provider": "vertex_ai-anthropic_models", "mode": "chat", "input_cost_per_token": 5e-06, "output_cost_per_token": 2.5e-05 },
          "xai/grok-4-1-fast": { "litellm_provider": "xai", "mode": "chat", "input_cost_per_token": 2e-07, "output_cost_per_token": 5e-07, "max_input_tokens": 2000000.0, "max_output_tokens": 2000000.0 },
          "o1": { "litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1.5e-05, "output_cost_per_token": 6e-05, "deprecation_date": "2026-06-01" },
          "ollama/llama3.1": { "litellm_provider": "ollama", "mode": "chat", "input_cost_per_token": 0.0, "output_cost_per_token": 0.0, "max_tokens": 8192 },
          "ollama/mystery": { "litellm_provider": "ollama", "mode": "chat" },
          "text-embedding-3-small": { "litellm_provider": "openai", "mode": "embedding", "input_cost_per_token": 2e-08, "output_cost_per_token": 0.0, "max_input_tokens": 8191, "max_tokens": 8191 },
          "gpt-3.5-turbo-instruct": { "litellm_provider": "text-completion-openai", "mode": "completion", "input_cost_per_token": 1.5e-06, "output_cost_per_token": 2e-06 },
          "babbage-002": { "litellm_provider": "text-completion-openai", "mode": "chat", "input_cost_per_token": 4e-07, "output_cost_per_token": 4e-07 },
          "dall-e-3": { "litellm_provider": "openai", "mode": "image_generation", "input_cost_per_pixel": 1e-08 },
          "nomode": { "litellm_provider": "openai", "input_cost_per_token": 1e-06 },
          "noprovider": { "mode": "chat", "input_cost_per_token": 1e-06 },
          "dashscope/qwen3-max": { "litellm_provider": "dashscope", "mode": "chat", "max_input_tokens": 258048 },
          "weird": { "litellm_provider": "nvidia_nim", "mode": "chat", "input_cost_per_token": "n/a", "output_cost_per_token": 1e-06, "max_input_tokens": "lots", "supports_vision": null },
          "negative": { "litellm_provider": "novita", "mode": "chat", "input_cost_per_token": -1, "output_cost_per_token": 1e-06, "max_input_tokens": -3 },
          "deepseek-chat": { "litellm_provider": "deepseek", "mode": "chat", "input_cost_per_token": 2.8e-07, "output_cost_per_token": 4.2e-07 },
          "deepseek/deepseek-chat": { "litellm_provider": "deepseek", "mode": "chat", "input_cost_per_token": 9e-07, "output_cost_per_token": 9e-07 },
          "not-an-object": 42
        }
        """;

    private static readonly ModelCatalog Imported = Import(Sample);

    private static ModelCatalog Import(string json) => ModelCatalog.FromLiteLlmPriceMap(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void FromLiteLlmPriceMap_ReadsPricesPerMillion()
    {
        var mini = Imported.Resolve("openai/gpt-4o-mini");

        Assert.Equal(0.15m, mini.Pricing.InputPerMillion);
        Assert.Equal(0.6m, mini.Pricing.OutputPerMillion);
        Assert.Equal(0.075m, mini.Pricing.CachedInputPerMillion);
        Assert.Null(mini.Pricing.CacheWritePerMillion);
        Assert.Equal(128_000, mini.ContextWindow);
        Assert.Equal(16_384, mini.MaxOutputTokens);
        Assert.Equal(ModelCapabilities.Streaming | ModelCapabilities.Tools | ModelCapabilities.Vision | ModelCapabilities.StructuredOutput, mini.Capabilities);
        Assert.Empty(mini.Aliases);
    }

    [Fact]
    public void FromLiteLlmPriceMap_ReadsTheDeprecationDate()
    {
        Assert.Equal(new DateOnly(2026, 6, 1), Imported.Resolve("openai/o1").DeprecationDate);
        Assert.Null(Imported.Resolve("azure-openai/gpt-4o").DeprecationDate);
        Assert.Null(Imported.Resolve("cohere/command-r").DeprecationDate);
        Assert.Null(Imported.Resolve("openai/gpt-4o-mini").DeprecationDate);
    }

    [Fact]
    public void FromLiteLlmPriceMap_ReadsCacheWritePrices()
    {
        var sonnet = Imported.Resolve("anthropic/claude-sonnet-4-6");

        Assert.Equal(0.3m, sonnet.Pricing.CachedInputPerMillion);
        Assert.Equal(3.75m, sonnet.Pricing.CacheWritePerMillion);
        Assert.True(sonnet.Supports(ModelCapabilities.Reasoning | ModelCapabilities.Tools));
        Assert.False(sonnet.Supports(ModelCapabilities.Vision));
    }

    [Theory]
    [InlineData("groq/llama3-8b-8192")]
    [InlineData("together/meta-llama/Llama-3.3-70B-Instruct-Turbo")]
    [InlineData("fireworks/accounts/fireworks/models/deepseek-v3p1")]
    [InlineData("azure-openai/gpt-4o")]
    [InlineData("cohere/command-r")]
    [InlineData("vertex-ai/claude-opus-4-6")]
    [InlineData("xai/grok-4-1-fast")]
    [InlineData("ollama/llama3.1")]
    [InlineData("openai/text-embedding-3-small")]
    [InlineData("nvidia-nim/weird")]
    public void FromLiteLlmPriceMap_MapsProvidersAndStripsKeyPrefix(string key)
    {
        Assert.True(Imported.TryResolve(key, out var model), key);
        Assert.Equal(key, model.Key);
    }

    [Theory]
    [InlineData("sample_spec")]
    [InlineData("gpt-3.5-turbo-instruct")]
    [InlineData("babbage-002")]
    [InlineData("dall-e-3")]
    [InlineData("nomode")]
    [InlineData("noprovider")]
    [InlineData("not-an-object")]
    [InlineData("dashscope/qwen3-max")]
    public void FromLiteLlmPriceMap_SkipsUnusableEntries(string name)
    {
        Assert.False(Imported.TryResolve(name, out _), name);
    }

    [Fact]
    public void FromLiteLlmPriceMap_ToleratesOddValues()
    {
        var groq = Imported.Resolve("groq/llama3-8b-8192");
        var weird = Imported.Resolve("nvidia-nim/weird");
        var negative = Imported.Resolve("novita/negative");
        var grok = Imported.Resolve("xai/grok-4-1-fast");
        var together = Imported.Resolve("together/meta-llama/Llama-3.3-70B-Instruct-Turbo");

        Assert.Equal(0.05m, groq.Pricing.InputPerMillion);
        Assert.Equal(0.08m, groq.Pricing.OutputPerMillion);
        Assert.Equal(8192, groq.ContextWindow);
        Assert.Equal(8192, groq.MaxOutputTokens);
        Assert.True(groq.Supports(ModelCapabilities.Tools));
        Assert.Equal(0m, weird.Pricing.InputPerMillion);
        Assert.Equal(1m, weird.Pricing.OutputPerMillion);
        Assert.Equal(0, weird.ContextWindow);
        Assert.False(weird.Supports(ModelCapabilities.Vision));
        Assert.Equal(0m, negative.Pricing.InputPerMillion);
        Assert.Equal(0, negative.ContextWindow);
        Assert.Equal(2_000_000, grok.ContextWindow);
        Assert.Equal(0, together.ContextWindow);
        Assert.Equal(128_000, Imported.Resolve("fireworks/accounts/fireworks/models/deepseek-v3p1").ContextWindow);
    }

    [Fact]
    public void FromLiteLlmPriceMap_EmbeddingModelsHaveEmbeddingsOnly()
    {
        var embedding = Imported.Resolve("openai/text-embedding-3-small");

        Assert.Equal(ModelCapabilities.Embeddings, embedding.Capabilities);
        Assert.Equal(0.02m, embedding.Pricing.InputPerMillion);
        Assert.Equal(8191, embedding.ContextWindow);
        Assert.Equal(0, embedding.MaxOutputTokens);
    }

    [Fact]
    public void FromLiteLlmPriceMap_LocalModelsAreFreeAndLocal()
    {
        Assert.Equal(ModelTier.Local, Imported.Resolve("ollama/llama3.1").Tier);
        Assert.Equal(ModelTier.Local, Imported.Resolve("ollama/mystery").Tier);
        Assert.Equal(ModelPricing.Free, Imported.Resolve("ollama/mystery").Pricing);
    }

    [Theory]
    [InlineData("groq/llama3-8b-8192", ModelTier.Fast)]
    [InlineData("openai/gpt-4o-mini", ModelTier.Fast)]
    [InlineData("together/meta-llama/Llama-3.3-70B-Instruct-Turbo", ModelTier.Balanced)]
    [InlineData("azure-openai/gpt-4o", ModelTier.Smart)]
    [InlineData("anthropic/claude-sonnet-4-6", ModelTier.Smart)]
    [InlineData("vertex-ai/claude-opus-4-6", ModelTier.Frontier)]
    [InlineData("openai/o1", ModelTier.Frontier)]
    public void FromLiteLlmPriceMap_DerivesTierFromBlendedPrice(string key, ModelTier tier)
    {
        Assert.Equal(tier, Imported.Resolve(key).Tier);
    }

    [Theory]
    [InlineData("openai", 0.49, 0.49, ModelTier.Fast)]
    [InlineData("openai", 0.5, 0.5, ModelTier.Balanced)]
    [InlineData("openai", 2.5, 2.5, ModelTier.Smart)]
    [InlineData("openai", 8, 8, ModelTier.Frontier)]
    [InlineData("openai", 0, 0, ModelTier.Fast)]
    [InlineData("ollama", 0, 0, ModelTier.Local)]
    [InlineData("vllm", 0, 0, ModelTier.Local)]
    [InlineData("ollama", 1, 1, ModelTier.Balanced)]
    public void FromLiteLlmPriceMap_TierThresholds(string provider, double input, double output, ModelTier tier)
    {
        Assert.Equal(tier, LiteLlmPriceMapReader.DeriveTier(provider, new ModelPricing((decimal)input, (decimal)output)));
    }

    [Theory]
    [InlineData("azure", "azure-openai")]
    [InlineData("together_ai", "together")]
    [InlineData("fireworks_ai", "fireworks")]
    [InlineData("bedrock_converse", "bedrock")]
    [InlineData("cohere_chat", "cohere")]
    [InlineData("vertex_ai-language-models", "vertex-ai")]
    [InlineData("nvidia_nim", "nvidia-nim")]
    [InlineData("openai", "openai")]
    [InlineData("text-completion-openai", null)]
    [InlineData("azure_text", null)]
    public void FromLiteLlmPriceMap_MapsProviderNames(string liteLlm, string? expected)
    {
        Assert.Equal(expected, LiteLlmPriceMapReader.MapProvider(liteLlm));
    }

    [Fact]
    public void FromLiteLlmPriceMap_FirstEntryWinsForARepeatedKey()
    {
        Assert.Equal(0.28m, Imported.Resolve("deepseek/deepseek-chat").Pricing.InputPerMillion);
        Assert.Single(Imported.Models, m => m.Key == "deepseek/deepseek-chat");
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ \"gpt-4o\": ")]
    [InlineData("<html>")]
    public void FromLiteLlmPriceMap_MalformedJsonThrowsInvalidData(string json)
    {
        var ex = Assert.Throws<InvalidDataException>(() => Import(json));

        Assert.StartsWith("The LiteLLM price map is not valid JSON", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<JsonException>(ex.InnerException);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("null")]
    public void FromLiteLlmPriceMap_NonObjectRootThrowsInvalidData(string json)
    {
        var ex = Assert.Throws<InvalidDataException>(() => Import(json));

        Assert.Contains("must be a JSON object", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromLiteLlmPriceMap_EmptyObjectGivesEmptyCatalog()
    {
        Assert.Empty(Import("{}").Models);
    }

    [Fact]
    public void FromLiteLlmPriceMap_NullStreamThrows()
    {
        Assert.Throws<ArgumentNullException>(() => ModelCatalog.FromLiteLlmPriceMap(null!));
    }
}
