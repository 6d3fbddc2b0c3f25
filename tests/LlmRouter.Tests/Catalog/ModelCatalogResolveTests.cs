namespace LlmRouter.Tests.Catalog;

public sealed class ModelCatalogResolveTests
{
    private static readonly ModelDescriptor Mini = new("openai", "gpt-4o-mini", ModelTier.Balanced) { ContextWindow = 128_000, Aliases = ["mini"] };
    private static readonly ModelDescriptor AzureMini = new("azure-openai", "gpt-4o-mini", ModelTier.Balanced) { ContextWindow = 128_000 };
    private static readonly ModelDescriptor Sonnet = new("anthropic", "claude-sonnet-4-6", ModelTier.Smart) { Aliases = ["claude-sonnet", "smart"] };
    private static readonly ModelDescriptor Llama = new("ollama", "llama3.2", ModelTier.Local) { Aliases = ["local"] };

    private static readonly ModelCatalog Catalog = new([Mini, AzureMini, Sonnet, Llama]);

    [Fact]
    public void ModelCatalog_ResolvesByKey()
    {
        Assert.Same(AzureMini, Catalog.Resolve("azure-openai/gpt-4o-mini"));
        Assert.Same(Sonnet, Catalog.Resolve("anthropic/claude-sonnet-4-6"));
    }

    [Fact]
    public void ModelCatalog_ResolvesBareIdToFirstInCatalogOrder()
    {
        Assert.Same(Mini, Catalog.Resolve("gpt-4o-mini"));
        Assert.Same(AzureMini, new ModelCatalog([AzureMini, Mini]).Resolve("gpt-4o-mini"));
    }

    [Fact]
    public void ModelCatalog_ResolvesByAlias()
    {
        Assert.Same(Sonnet, Catalog.Resolve("claude-sonnet"));
        Assert.Same(Sonnet, Catalog.Resolve("smart"));
        Assert.Same(Llama, Catalog.Resolve("local"));
    }

    [Theory]
    [InlineData("ANTHROPIC/Claude-Sonnet-4-6")]
    [InlineData("CLAUDE-SONNET-4-6")]
    [InlineData("Claude-Sonnet")]
    [InlineData("  claude-sonnet  ")]
    public void ModelCatalog_ResolveIgnoresCaseAndSurroundingSpace(string name)
    {
        Assert.Same(Sonnet, Catalog.Resolve(name));
    }

    [Fact]
    public void ModelCatalog_KeyWinsOverAliasAndAliasOverId()
    {
        var a = new ModelDescriptor("p", "x", ModelTier.Fast);
        var b = new ModelDescriptor("q", "y", ModelTier.Fast) { Aliases = ["x", "p/x"] };
        var catalog = new ModelCatalog([a, b]);

        Assert.Same(a, catalog.Resolve("p/x"));
        Assert.Same(b, catalog.Resolve("x"));
    }

    [Fact]
    public void ModelCatalog_TryResolveReturnsFalseForUnknownOrBlank()
    {
        Assert.False(Catalog.TryResolve("nope", out var model));
        Assert.Null(model);
        Assert.False(Catalog.TryResolve(null!, out _));
        Assert.False(Catalog.TryResolve("   ", out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void ModelCatalog_ResolveRejectsBlankNames(string? name)
    {
        Assert.ThrowsAny<ArgumentException>(() => Catalog.Resolve(name!));
    }

    [Fact]
    public void ModelCatalog_ResolveUnknownThrowsModelNotFoundWithCloseMatches()
    {
        var ex = Assert.Throws<LlmException>(() => Catalog.Resolve("gpt-4o-mni"));

        Assert.Equal(LlmErrorKind.ModelNotFound, ex.Kind);
        Assert.Equal("gpt-4o-mni", ex.Model);
        Assert.StartsWith("Unknown model or alias 'gpt-4o-mni'. Did you mean 'openai/gpt-4o-mini', 'azure-openai/gpt-4o-mini'", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public void ModelCatalog_ResolveUnknownSuggestsAliases()
    {
        var ex = Assert.Throws<LlmException>(() => Catalog.Resolve("claude-sonet"));

        Assert.Contains("'claude-sonnet'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelCatalog_ResolveUnknownSuggestsBySubstring()
    {
        var ex = Assert.Throws<LlmException>(() => Catalog.Resolve("sonnet"));

        Assert.Contains("'anthropic/claude-sonnet-4-6'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelCatalog_ResolveUnknownSuggestsAtMostThree()
    {
        var ex = Assert.Throws<LlmException>(() => ModelCatalog.Default.Resolve("gpt-4"));

        var suggested = ex.Message.Split("Did you mean ")[1];
        Assert.Equal(3, suggested.Count(c => c == '\'') / 2);
    }

    [Fact]
    public void ModelCatalog_ResolveUnknownWithoutMatchesSaysSo()
    {
        var ex = Assert.Throws<LlmException>(() => Catalog.Resolve("zzzzzzzzzzzz"));

        Assert.DoesNotContain("Did you mean", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'zzzzzzzzzzzz'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelCatalog_DefaultSuggestsForTypos()
    {
        var ex = Assert.Throws<LlmException>(() => ModelCatalog.Default.Resolve("claude-sonet-4-6"));

        Assert.Contains("'anthropic/claude-sonnet-4-6'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("abc", "abc", 0)]
    [InlineData("abc", "abd", 1)]
    [InlineData("abc", "acb", 1)]
    [InlineData("gpt-4o-mni", "gpt-4o-mini", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void ModelNameSuggester_DistanceCountsEditsAndSwaps(string a, string b, int expected)
    {
        Assert.Equal(expected, ModelNameSuggester.Distance(a, b));
        Assert.Equal(expected, ModelNameSuggester.Distance(b, a));
    }

    [Fact]
    public void ModelCatalog_ConstructorRejectsNullAndNamelessModels()
    {
        Assert.Throws<ArgumentNullException>(() => new ModelCatalog(null!));
        Assert.Throws<ArgumentNullException>(() => new ModelCatalog([Mini, null!]));
        Assert.Throws<ArgumentException>(() => new ModelCatalog([new ModelDescriptor("", "x", ModelTier.Fast)]));
        Assert.Throws<ArgumentException>(() => new ModelCatalog([new ModelDescriptor("p", " ", ModelTier.Fast)]));
    }

    [Fact]
    public void ModelCatalog_ConstructorLaterDuplicateKeyReplacesAndKeepsPlace()
    {
        var replacement = Mini with { Tier = ModelTier.Fast };
        var catalog = new ModelCatalog([Mini, Sonnet, replacement]);

        Assert.Equal(["openai/gpt-4o-mini", "anthropic/claude-sonnet-4-6"], catalog.Models.Select(m => m.Key));
        Assert.Same(replacement, catalog.Resolve("gpt-4o-mini"));
    }
}
