using System.Text.RegularExpressions;

namespace LlmRouter.Tests.Catalog;

/// <summary>The built-in catalog's tiers: the AgentOS model table, and the same tier for the same model on every host.</summary>
public sealed partial class ModelCatalogTierTests
{
    private static ModelCatalog Catalog => ModelCatalog.Default;

    /// <summary>The AgentOS model table, row by row.</summary>
    public static TheoryData<string, ModelTier> TierTable => new()
    {
        { "anthropic/claude-opus-4-6", ModelTier.Frontier },
        { "openai/o3", ModelTier.Frontier },
        { "gemini/gemini-2.5-pro", ModelTier.Frontier },
        { "anthropic/claude-sonnet-4-6", ModelTier.Smart },
        { "openai/gpt-4o", ModelTier.Smart },
        { "xai/grok-2", ModelTier.Smart },
        { "deepseek/deepseek-chat", ModelTier.Balanced },
        { "groq/llama-3.3-70b-versatile", ModelTier.Balanced },
        { "cohere/command-r-08-2024", ModelTier.Balanced },
        { "anthropic/claude-haiku-4-5", ModelTier.Fast },
        { "openai/gpt-4o-mini", ModelTier.Fast },
        { "gemini/gemini-2.5-flash", ModelTier.Fast },
    };

    [Theory]
    [MemberData(nameof(TierTable))]
    public void ModelCatalog_DefaultTiersFollowTheModelTable(string key, ModelTier tier)
    {
        Assert.True(Catalog.TryResolve(key, out var model), $"{key} is missing.");
        Assert.Equal(key, model.Key);
        Assert.Equal(tier, model.Tier);
    }

    [Theory]
    [InlineData("openai/o1", ModelTier.Frontier)]
    [InlineData("openai/o3-mini", ModelTier.Smart)]
    [InlineData("gemini/gemini-2.0-flash", ModelTier.Fast)]
    public void ModelCatalog_DefaultHasTheOtherModelsTheSeedsName(string key, ModelTier tier)
    {
        Assert.True(Catalog.TryResolve(key, out var model), $"{key} is missing.");
        Assert.Equal(key, model.Key);
        Assert.Equal(tier, model.Tier);
    }

    [Theory]
    [InlineData("azure-openai/gpt-4o-mini", ModelTier.Fast)]
    [InlineData("azure-openai/gpt-4o", ModelTier.Smart)]
    [InlineData("bedrock/anthropic.claude-haiku-4-5-20251001-v1:0", ModelTier.Fast)]
    [InlineData("bedrock/anthropic.claude-sonnet-4-6", ModelTier.Smart)]
    [InlineData("bedrock/anthropic.claude-opus-4-6-v1", ModelTier.Frontier)]
    [InlineData("bedrock/meta.llama3-3-70b-instruct-v1:0", ModelTier.Balanced)]
    [InlineData("openrouter/anthropic/claude-opus-4.6", ModelTier.Frontier)]
    [InlineData("openrouter/anthropic/claude-sonnet-4.6", ModelTier.Smart)]
    [InlineData("openrouter/openai/gpt-4o", ModelTier.Smart)]
    [InlineData("openrouter/google/gemini-2.5-flash", ModelTier.Fast)]
    public void ModelCatalog_DefaultTableModelsKeepTheirTierOnOtherHosts(string key, ModelTier tier)
    {
        Assert.True(Catalog.TryResolve(key, out var model), $"{key} is missing.");
        Assert.Equal(key, model.Key);
        Assert.Equal(tier, model.Tier);
    }

    /// <summary>A tier means the same thing everywhere: every hosted copy of a model (maker's API, cloud, gateway) has one tier.</summary>
    [Fact]
    public void ModelCatalog_DefaultGivesTheSameModelTheSameTierOnEveryHost()
    {
        var groups = Catalog.Models
            .Where(m => m.Tier != ModelTier.Local)
            .GroupBy(m => CanonicalName(m.Id), StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        var mixed = groups
            .Where(g => g.Value.Select(m => m.Tier).Distinct().Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Value.Select(m => $"{m.Key}={m.Tier}"))}")
            .ToList();

        Assert.True(mixed.Count == 0, string.Join(Environment.NewLine, mixed));

        // The grouping must find the hosted copies, or the check above would pass without comparing anything.
        Assert.True(groups["gpt-4o-mini"].Count >= 2, "gpt-4o-mini");
        Assert.True(groups["claude-haiku-4.5"].Count >= 2, "claude-haiku-4.5");
        Assert.True(groups["claude-opus-4.6"].Count >= 3, "claude-opus-4.6");
        Assert.True(groups["gemini-2.5-flash"].Count >= 2, "gemini-2.5-flash");
        Assert.True(groups["llama3.3-70b"].Count >= 5, "llama3.3-70b");
    }

    [Theory]
    [InlineData("claude-haiku-4-5", "claude-haiku-4.5")]
    [InlineData("anthropic.claude-haiku-4-5-20251001-v1:0", "claude-haiku-4.5")]
    [InlineData("anthropic/claude-opus-4.6", "claude-opus-4.6")]
    [InlineData("anthropic.claude-opus-4-6-v1", "claude-opus-4.6")]
    [InlineData("meta.llama3-3-70b-instruct-v1:0", "llama3.3-70b")]
    [InlineData("meta-llama/Llama-3.3-70B-Instruct-Turbo", "llama3.3-70b")]
    [InlineData("llama-3.3-70b-versatile", "llama3.3-70b")]
    [InlineData("accounts/fireworks/models/llama-v3p1-8b-instruct", "llama3.1-8b")]
    [InlineData("accounts/fireworks/models/deepseek-v3p2", "deepseek-v3.2")]
    [InlineData("gpt-4o-mini", "gpt-4o-mini")]
    [InlineData("openai/gpt-4o", "gpt-4o")]
    public void CanonicalName_NamesHostedCopiesOfAModelAlike(string id, string expected)
    {
        Assert.Equal(expected, CanonicalName(id));
    }

    /// <summary>
    /// The model behind a host's id: the last path segment, without Bedrock's vendor prefix and version suffix, a date
    /// snapshot, or serving suffixes; versions written with dots (<c>4-5</c>, <c>v3p2</c> → <c>4.5</c>, <c>3.2</c>), sizes
    /// (<c>-70b</c>) left alone.
    /// </summary>
    private static string CanonicalName(string id)
    {
        var name = id.ToLowerInvariant();
        name = name[(name.LastIndexOf('/') + 1)..];
        name = BedrockVendor().Replace(name, string.Empty);
        name = BedrockVersion().Replace(name, string.Empty);
        name = DateSnapshot().Replace(name, string.Empty);
        name = VersionSeparator().Replace(name, ".");
        name = MetaPrefix().Replace(name, string.Empty);
        name = LlamaVersion().Replace(name, "llama");
        return ServingSuffix().Replace(name, string.Empty);
    }

    [GeneratedRegex(@"^(anthropic|meta|amazon)\.")]
    private static partial Regex BedrockVendor();

    [GeneratedRegex(@"-v\d+(:\d+)?$")]
    private static partial Regex BedrockVersion();

    [GeneratedRegex(@"-\d{8}$")]
    private static partial Regex DateSnapshot();

    [GeneratedRegex(@"(?<=\d)[-p](?=\d(?!\d*b\b))")]
    private static partial Regex VersionSeparator();

    [GeneratedRegex(@"^meta-")]
    private static partial Regex MetaPrefix();

    [GeneratedRegex(@"llama-?v?(?=\d)")]
    private static partial Regex LlamaVersion();

    [GeneratedRegex(@"-(instruct|versatile|turbo|instant|latest)")]
    private static partial Regex ServingSuffix();
}
