namespace LlmRouter.Tests.Catalog;

/// <summary>
/// The rules the built-in aliases keep, checked over the whole catalog:
/// a tier alias names a model of its tier; a hosted tier alias names the model a family alias (a name without a version, such as
/// <c>claude-sonnet</c>) names, so the two cannot drift apart;
/// a Claude family alias names the newest model of that family; no alias names a model with a deprecation date.
/// </summary>
public sealed class ModelCatalogAliasTests
{
    private static readonly string[] TierAliases = ["local", "fast", "balanced", "smart", "frontier"];

    private static ModelCatalog Catalog => ModelCatalog.Default;

    private static IEnumerable<(string Alias, ModelDescriptor Model)> Aliases =>
        Catalog.Models.SelectMany(m => m.Aliases.Select(a => (a, m)));

    [Fact]
    public void ModelCatalog_DefaultTierAliasesNameAModelOfTheirTier()
    {
        foreach (var tier in Enum.GetValues<ModelTier>())
        {
            var alias = tier.ToString().ToLowerInvariant();

            Assert.True(Catalog.TryResolve(alias, out var model), $"'{alias}' is missing.");
            Assert.Equal(tier, model.Tier);
            Assert.Contains(alias, model.Aliases);
        }
    }

    [Fact]
    public void ModelCatalog_DefaultHostedTierAliasesNameTheModelOfAFamilyAlias()
    {
        foreach (var alias in TierAliases.Where(a => a != "local"))
        {
            var model = Catalog.Resolve(alias);
            // A family alias names a line of models, not one version: no digits (claude-sonnet, deepseek), unlike claude-sonnet-4.6.
            var family = model.Aliases.Where(a => !TierAliases.Contains(a, StringComparer.OrdinalIgnoreCase) && !a.Any(char.IsAsciiDigit)).ToList();

            Assert.True(family.Count > 0, $"'{alias}' names {model.Key}, which no family alias names.");
            Assert.All(family, f => Assert.Same(model, Catalog.Resolve(f)));
        }
    }

    [Theory]
    [InlineData("frontier", "claude-opus")]
    [InlineData("smart", "claude-sonnet")]
    [InlineData("balanced", "deepseek")]
    [InlineData("fast", "claude-haiku")]
    public void ModelCatalog_DefaultTierAliasAgreesWithItsFamilyAlias(string tierAlias, string familyAlias)
    {
        Assert.Same(Catalog.Resolve(familyAlias), Catalog.Resolve(tierAlias));
    }

    [Theory]
    [InlineData("claude-opus")]
    [InlineData("claude-sonnet")]
    [InlineData("claude-haiku")]
    public void ModelCatalog_DefaultClaudeFamilyAliasIsTheNewestOfTheFamily(string family)
    {
        var prefix = family + "-";
        var members = Catalog.Models.Where(m => m.Provider == "anthropic" && m.Id.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var newest = members.MaxBy(m => ClaudeVersion(m.Id[prefix.Length..]));

        Assert.True(members.Count >= 1, family);
        Assert.Same(newest, Catalog.Resolve(family));
    }

    [Fact]
    public void ModelCatalog_DefaultAliasesNeverNameAModelWithADeprecationDate()
    {
        var dated = Aliases.Where(a => a.Model.DeprecationDate is not null).Select(a => $"{a.Alias} → {a.Model.Key}").ToList();

        Assert.Empty(dated);
        Assert.Contains(Catalog.Models, m => m.DeprecationDate is not null);
    }

    [Theory]
    [InlineData("deepseek-r1", "deepseek/deepseek-reasoner")]
    [InlineData("deepseek-v3", "deepseek/deepseek-chat")]
    [InlineData("deepseek", "deepseek/deepseek-chat")]
    [InlineData("claude-opus-4.6", "anthropic/claude-opus-4-6")]
    [InlineData("claude-sonnet-4.6", "anthropic/claude-sonnet-4-6")]
    [InlineData("claude-haiku-4.5", "anthropic/claude-haiku-4-5")]
    [InlineData("grok-2", "xai/grok-2")]
    [InlineData("o1", "openai/o1")]
    [InlineData("o3-mini", "openai/o3-mini")]
    [InlineData("gemini-2.0-flash", "gemini/gemini-2.0-flash")]
    [InlineData("gpt-4o-mini", "openai/gpt-4o-mini")]
    public void ModelCatalog_DefaultResolvesTheNamesPeopleType(string name, string key)
    {
        Assert.Equal(key, Catalog.Resolve(name).Key);
    }

    /// <summary>The version in what follows a Claude family name: <c>4-6</c> → 4.6, <c>5</c> → 5.0; a date snapshot is ignored.</summary>
    private static Version ClaudeVersion(string rest)
    {
        var parts = rest.Split('-').Where(p => p.Length <= 2 && p.All(char.IsAsciiDigit)).Append("0").Take(2);
        return Version.Parse(string.Join('.', parts));
    }
}
