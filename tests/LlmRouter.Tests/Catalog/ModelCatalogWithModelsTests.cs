namespace LlmRouter.Tests.Catalog;

public sealed class ModelCatalogWithModelsTests
{
    private static readonly ModelDescriptor Mini = new("openai", "gpt-4o-mini", ModelTier.Balanced) { Aliases = ["mini", "balanced"] };
    private static readonly ModelDescriptor Sonnet = new("anthropic", "claude-sonnet-4-6", ModelTier.Smart) { Aliases = ["smart"] };

    private static ModelCatalog Original() => new([Mini, Sonnet]);

    [Fact]
    public void ModelCatalog_WithModelsAddsNewModels()
    {
        var original = Original();
        var added = new ModelDescriptor("groq", "llama-3.3-70b-versatile", ModelTier.Balanced) { Aliases = ["llama"] };

        var catalog = original.WithModels([added]);

        Assert.Equal(3, catalog.Models.Count);
        Assert.Same(added, catalog.Models[^1]);
        Assert.Same(added, catalog.Resolve("llama"));
        Assert.Same(added, catalog.Resolve("groq/llama-3.3-70b-versatile"));
    }

    [Fact]
    public void ModelCatalog_WithModelsOverridesByKeyWithoutMutatingTheOriginal()
    {
        var original = Original();
        var cheaper = Mini with { Pricing = new ModelPricing(0.01m, 0.02m), Aliases = ["tiny"] };

        var catalog = original.WithModels([cheaper]);

        Assert.NotSame(original, catalog);
        Assert.Equal(2, catalog.Models.Count);
        Assert.Same(cheaper, catalog.Models[0]);
        Assert.Same(cheaper, catalog.Resolve("OPENAI/GPT-4O-MINI"));
        Assert.Same(cheaper, catalog.Resolve("tiny"));
        Assert.False(catalog.TryResolve("mini", out _));
        Assert.False(catalog.TryResolve("balanced", out _));

        Assert.Same(Mini, original.Resolve("openai/gpt-4o-mini"));
        Assert.Same(Mini, original.Resolve("mini"));
        Assert.False(original.TryResolve("tiny", out _));
        Assert.Equal([Mini, Sonnet], original.Models);
    }

    [Fact]
    public void ModelCatalog_WithModelsAliasesOfNewModelsReplaceOldOnes()
    {
        var original = Original();
        var opus = new ModelDescriptor("anthropic", "claude-opus-5", ModelTier.Frontier) { Aliases = ["smart"] };
        var sonnetStealingMini = Sonnet with { Aliases = ["smart", "mini"] };

        var withOpus = original.WithModels([opus]);
        var withSonnet = original.WithModels([sonnetStealingMini]);

        Assert.Same(opus, withOpus.Resolve("smart"));
        Assert.Same(sonnetStealingMini, withSonnet.Resolve("mini"));
        Assert.Same(Mini, withSonnet.Resolve("balanced"));
        Assert.Same(Sonnet, original.Resolve("smart"));
    }

    [Fact]
    public void ModelCatalog_WithModelsOnDefaultLeavesDefaultUnchanged()
    {
        var before = ModelCatalog.Default.Resolve("anthropic/claude-sonnet-4-6");
        var custom = before with { Pricing = new ModelPricing(1m, 1m) };

        var catalog = ModelCatalog.Default.WithModels([custom]);

        Assert.Same(custom, catalog.Resolve("anthropic/claude-sonnet-4-6"));
        Assert.Same(before, ModelCatalog.Default.Resolve("anthropic/claude-sonnet-4-6"));
        Assert.Equal(ModelCatalog.Default.Models.Count, catalog.Models.Count);
    }

    [Fact]
    public void ModelCatalog_WithModelsRejectsNull()
    {
        Assert.Throws<ArgumentNullException>(() => Original().WithModels(null!));
        Assert.Throws<ArgumentNullException>(() => Original().WithModels([null!]));
    }
}
