namespace LlmRouter.Tests.Catalog;

public sealed class ModelCatalogDefaultTests
{
    private static readonly string[] LocalProviders = ["ollama", "vllm", "lmstudio", "llamacpp"];

    private static ModelCatalog Catalog => ModelCatalog.Default;

    [Fact]
    public void ModelCatalog_DefaultHasAtLeast25Providers()
    {
        var providers = Catalog.Models.Select(m => m.Provider).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        Assert.True(providers.Count >= 25, $"Only {providers.Count} providers: {string.Join(", ", providers)}");
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("azure-openai")]
    [InlineData("anthropic")]
    [InlineData("gemini")]
    [InlineData("ollama")]
    [InlineData("bedrock")]
    [InlineData("groq")]
    [InlineData("together")]
    [InlineData("deepseek")]
    [InlineData("xai")]
    [InlineData("mistral")]
    [InlineData("openrouter")]
    [InlineData("fireworks")]
    [InlineData("perplexity")]
    [InlineData("cerebras")]
    [InlineData("deepinfra")]
    [InlineData("cohere")]
    [InlineData("moonshot")]
    [InlineData("dashscope")]
    [InlineData("vllm")]
    [InlineData("lmstudio")]
    [InlineData("llamacpp")]
    public void ModelCatalog_DefaultCoversEveryStableProvider(string provider)
    {
        Assert.Contains(Catalog.Models, m => m.Provider == provider);
    }

    [Fact]
    public void ModelCatalog_DefaultHasAtLeast47Models()
    {
        Assert.True(Catalog.Models.Count >= 47, $"Only {Catalog.Models.Count} models.");
    }

    [Fact]
    public void ModelCatalog_DefaultCoversAllTiers()
    {
        foreach (var tier in Enum.GetValues<ModelTier>())
        {
            Assert.Contains(Catalog.Models, m => m.Tier == tier);
        }
    }

    [Fact]
    public void ModelCatalog_DefaultKeysAreUnique()
    {
        var duplicates = Catalog.Models.GroupBy(m => m.Key, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.Empty(duplicates);
    }

    [Fact]
    public void ModelCatalog_DefaultModelsHaveLimits()
    {
        foreach (var m in Catalog.Models)
        {
            Assert.True(m.ContextWindow > 0, $"{m.Key} has no context window.");
            Assert.True(m.MaxOutputTokens >= 0, $"{m.Key} has a negative max output.");
            if (!m.Supports(ModelCapabilities.Embeddings))
            {
                Assert.True(m.MaxOutputTokens > 0, $"{m.Key} has no max output.");
                Assert.True(m.Supports(ModelCapabilities.Streaming), $"{m.Key} does not stream.");
            }
        }
    }

    [Fact]
    public void ModelCatalog_DefaultPricesAreNotNegative()
    {
        foreach (var m in Catalog.Models)
        {
            var p = m.Pricing;
            Assert.True(p.InputPerMillion >= 0 && p.OutputPerMillion >= 0, m.Key);
            Assert.True(p.CachedInputPerMillion is null or >= 0, m.Key);
            Assert.True(p.CacheWritePerMillion is null or >= 0, m.Key);
        }
    }

    [Fact]
    public void ModelCatalog_DefaultHostedModelsHaveAPrice()
    {
        foreach (var m in Catalog.Models.Where(m => m.Tier != ModelTier.Local))
        {
            Assert.True(m.Pricing.InputPerMillion > 0, $"{m.Key} looks free.");
        }
    }

    [Fact]
    public void ModelCatalog_DefaultLocalModelsAreFreeAndLocal()
    {
        var local = Catalog.Models.Where(m => LocalProviders.Contains(m.Provider)).ToList();

        Assert.NotEmpty(local);
        Assert.All(local, m =>
        {
            Assert.Equal(ModelTier.Local, m.Tier);
            Assert.Equal(0m, m.Pricing.InputPerMillion);
            Assert.Equal(0m, m.Pricing.OutputPerMillion);
            Assert.True(m.Pricing.CachedInputPerMillion is null or 0m);
        });
        Assert.All(Catalog.Models.Where(m => m.Tier == ModelTier.Local), m => Assert.Contains(m.Provider, LocalProviders));
    }

    [Fact]
    public void ModelCatalog_DefaultAliasesAreUniqueAndResolve()
    {
        var aliases = Catalog.Models.SelectMany(m => m.Aliases.Select(a => (Alias: a, Model: m))).ToList();
        var duplicates = aliases.GroupBy(a => a.Alias, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var names = Catalog.Models.SelectMany(m => new[] { m.Key, m.Id }).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Empty(duplicates);
        foreach (var (alias, model) in aliases)
        {
            Assert.DoesNotContain(alias, names);
            Assert.Same(model, Catalog.Resolve(alias));
        }
    }

    [Fact]
    public void ModelCatalog_DefaultKeysResolveToThemselves()
    {
        foreach (var m in Catalog.Models)
        {
            Assert.Same(m, Catalog.Resolve(m.Key));
        }
    }

    [Theory]
    [InlineData("anthropic/claude-sonnet-4-6", ModelTier.Smart)]
    [InlineData("openai/gpt-4o-mini", ModelTier.Fast)]
    [InlineData("openai/gpt-4o", ModelTier.Smart)]
    [InlineData("openai/gpt-5.6", ModelTier.Frontier)]
    [InlineData("anthropic/claude-opus-5", ModelTier.Frontier)]
    [InlineData("anthropic/claude-haiku-4-5", ModelTier.Fast)]
    [InlineData("gemini/gemini-2.5-pro", ModelTier.Frontier)]
    [InlineData("gemini/gemini-2.5-flash", ModelTier.Fast)]
    [InlineData("gemini/gemini-2.5-flash-lite", ModelTier.Fast)]
    [InlineData("deepseek/deepseek-chat", ModelTier.Balanced)]
    [InlineData("deepseek/deepseek-reasoner", ModelTier.Smart)]
    [InlineData("xai/grok-4", ModelTier.Frontier)]
    [InlineData("mistral/mistral-large-latest", ModelTier.Smart)]
    [InlineData("groq/llama-3.3-70b-versatile", ModelTier.Balanced)]
    [InlineData("ollama/llama3.2", ModelTier.Local)]
    [InlineData("ollama/qwen2.5-coder", ModelTier.Local)]
    public void ModelCatalog_DefaultContainsRequiredModels(string key, ModelTier tier)
    {
        Assert.True(Catalog.TryResolve(key, out var model), $"{key} is missing.");
        Assert.Equal(key, model.Key);
        Assert.Equal(tier, model.Tier);
    }

    [Fact]
    public void ModelCatalog_DefaultSonnet46HasCachePrices()
    {
        var sonnet = Catalog.Resolve("anthropic/claude-sonnet-4-6");

        Assert.Equal(3m, sonnet.Pricing.InputPerMillion);
        Assert.Equal(15m, sonnet.Pricing.OutputPerMillion);
        Assert.Equal(0.3m, sonnet.Pricing.CachedInputPerMillion);
        Assert.Equal(3.75m, sonnet.Pricing.CacheWritePerMillion);
        Assert.True(sonnet.Supports(ModelCapabilities.Streaming | ModelCapabilities.Tools | ModelCapabilities.Vision));
    }

    [Theory]
    [InlineData("openai/text-embedding-3-small")]
    [InlineData("gemini/gemini-embedding-001")]
    [InlineData("mistral/mistral-embed")]
    [InlineData("cohere/embed-v4.0")]
    [InlineData("ollama/nomic-embed-text")]
    public void ModelCatalog_DefaultEmbeddingModelsHaveEmbeddingsOnly(string key)
    {
        var model = Catalog.Resolve(key);

        Assert.Equal(ModelCapabilities.Embeddings, model.Capabilities);
    }

    [Theory]
    [InlineData("local", ModelTier.Local)]
    [InlineData("fast", ModelTier.Fast)]
    [InlineData("balanced", ModelTier.Balanced)]
    [InlineData("smart", ModelTier.Smart)]
    [InlineData("frontier", ModelTier.Frontier)]
    public void ModelCatalog_DefaultTierAliasesPointToThatTier(string alias, ModelTier tier)
    {
        Assert.Equal(tier, Catalog.Resolve(alias).Tier);
    }

    [Theory]
    [InlineData("claude-sonnet", "anthropic", "claude-sonnet")]
    [InlineData("claude-opus", "anthropic", "claude-opus")]
    [InlineData("claude-haiku", "anthropic", "claude-haiku")]
    [InlineData("gpt", "openai", "gpt-")]
    [InlineData("gpt-mini", "openai", "gpt-")]
    [InlineData("gemini-pro", "gemini", "gemini-")]
    [InlineData("gemini-flash", "gemini", "gemini-")]
    [InlineData("gemini-flash-lite", "gemini", "flash-lite")]
    [InlineData("grok", "xai", "grok-")]
    [InlineData("embedding", "openai", "text-embedding-")]
    public void ModelCatalog_DefaultFamilyAliasesPointToTheFamily(string alias, string provider, string idPrefixOrPart)
    {
        var model = Catalog.Resolve(alias);

        Assert.Equal(provider, model.Provider);
        Assert.Contains(idPrefixOrPart, model.Id, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelCatalog_DefaultIsLoadedOnce()
    {
        var seen = new ModelCatalog[16];
        Parallel.For(0, seen.Length, i => seen[i] = ModelCatalog.Default);

        Assert.All(seen, c => Assert.Same(ModelCatalog.Default, c));
    }

    [Fact]
    public void ModelCatalog_DefaultRecordsWhenPricesWereTaken()
    {
        var document = ModelCatalogLoader.LoadEmbedded();

        Assert.Equal(new DateOnly(2026, 7, 24), document.PricesAsOf);
        Assert.Contains("LiteLLM", document.Source, StringComparison.Ordinal);
        Assert.Equal(document.Models.Select(m => m.Key), ModelCatalog.Default.Models.Select(m => m.Key));
    }
}
